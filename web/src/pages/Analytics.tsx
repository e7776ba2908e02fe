import { useEffect, useState } from 'preact/hooks';
import { api, detailOf } from '../api/client';
import { keyChanged } from '../api/auth';
import type { components } from '../api/schema';
import { BarChart, Heatmap, LineChart, StackedBarChart } from '../components/charts';
import { ErrorText, Loading, Page } from '../components/Page';
import { useStore } from '../store';

type S = components['schemas'];

interface AnalyticsData {
  detections: S['AnalyticsDetectionTrendsResponse'];
  riskHistory: S['AnalyticsRiskHistoryResponse'];
  riskScores: S['AnalyticsRiskScoreTrendsResponse'];
  objects: S['AnalyticsObjectDistributionResponse'];
  uptime: S['AnalyticsCameraUptimeResponse'];
}

/** A local calendar date as the API takes it (YYYY-MM-DD). */
function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function daysAgo(n: number): Date {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return d;
}

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export function Analytics() {
  const key = useStore(keyChanged);
  const [range, setRange] = useState({ start: isoDate(daysAgo(29)), end: isoDate(new Date()) });
  const [draft, setDraft] = useState(range);
  const [data, setData] = useState<AnalyticsData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const query = { start_date: range.start, end_date: range.end };
      const [detections, riskHistory, riskScores, objects, uptime] = await Promise.all([
        api.GET('/api/analytics/detection-trends', { params: { query } }),
        api.GET('/api/analytics/risk-history', { params: { query } }),
        api.GET('/api/analytics/risk-score-trends', { params: { query } }),
        api.GET('/api/analytics/object-distribution', { params: { query } }),
        api.GET('/api/analytics/camera-uptime', { params: { query } }),
      ]);
      if (!live) return;
      if (!detections.data || !riskHistory.data || !riskScores.data || !objects.data || !uptime.data) {
        setError(detailOf(detections.error ?? riskHistory.error ?? riskScores.error ?? objects.error ?? uptime.error, 'Could not load the analytics'));
        return;
      }
      setError(null);
      setData({ detections: detections.data, riskHistory: riskHistory.data, riskScores: riskScores.data, objects: objects.data, uptime: uptime.data });
    })();
    return () => {
      live = false;
    };
  }, [range, key]);

  const apply = (e: Event) => {
    e.preventDefault();
    if (draft.start && draft.end) setRange(draft);
  };

  return (
    <Page title="Analytics">
      <form class="filters" onSubmit={apply} aria-label="Date range">
        <label>
          From
          <input type="date" value={draft.start} max={draft.end} required onInput={(e) => setDraft({ ...draft, start: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.end} min={draft.start} required onInput={(e) => setDraft({ ...draft, end: e.currentTarget.value })} />
        </label>
        <button type="submit">Show</button>
      </form>
      <ErrorText message={error} />
      {!data && !error ? <Loading /> : null}
      {data ? <Charts data={data} /> : null}
      <ActivityHeatmap />
    </Page>
  );
}

function Charts({ data }: { data: AnalyticsData }) {
  const detectionDays = (data.detections.data_points ?? []).map((p) => p.date ?? '');
  const riskDays = (data.riskHistory.data_points ?? []).map((p) => p.date ?? '');
  const scoreDays = (data.riskScores.data_points ?? []).map((p) => p.date ?? '');
  const objects = data.objects.object_types ?? [];
  const cameras = data.uptime.cameras ?? [];
  return (
    <div class="charts">
      <section aria-labelledby="trends-title" class="tile">
        <h2 id="trends-title">Detection trends</h2>
        <p class="muted">{data.detections.total_detections ?? 0} detections in the range.</p>
        <LineChart title="Detections per day" labels={detectionDays} series={[{ name: 'Detections', tone: 'tone-accent', values: (data.detections.data_points ?? []).map((p) => p.count ?? 0) }]} />
      </section>

      <section aria-labelledby="risk-title" class="tile">
        <h2 id="risk-title">Risk history</h2>
        <StackedBarChart
          title="Events per risk level per day"
          labels={riskDays}
          series={LEVELS.map((level) => ({ name: level, tone: `tone-${level}`, values: (data.riskHistory.data_points ?? []).map((p) => p[level] ?? 0) }))}
        />
        <LineChart title="Mean risk score per day" labels={scoreDays} max={100} series={[{ name: 'Mean risk score', tone: 'tone-accent', values: (data.riskScores.data_points ?? []).map((p) => p.avg_score ?? null) }]} />
      </section>

      <section aria-labelledby="objects-title" class="tile">
        <h2 id="objects-title">Object distribution</h2>
        {objects.length === 0 ? <p class="muted">No detections in the range.</p> : null}
        <BarChart
          title="Detections per object type"
          labelHeader="Object type"
          items={objects.map((o) => ({ label: o.object_type ?? '?', value: o.count ?? 0, note: `${(o.percentage ?? 0).toFixed(1)}%` }))}
        />
      </section>

      <section aria-labelledby="uptime-title" class="tile">
        <h2 id="uptime-title">Camera uptime</h2>
        {cameras.length === 0 ? <p class="muted">No cameras.</p> : null}
        <p class="muted">The share of the range's days on which a camera sent at least one picture.</p>
        <BarChart
          title="Camera uptime"
          labelHeader="Camera"
          valueHeader="Uptime"
          unit="%"
          max={100}
          items={cameras.map((c) => ({ label: c.camera_name ?? c.camera_id ?? '?', value: c.uptime_percentage ?? 0, note: `${c.detection_count ?? 0} detections` }))}
        />
      </section>
    </div>
  );
}

/** The hour-of-week heatmap of one camera's activity baseline (mean detections per hour, in the camera's time zone). */
function ActivityHeatmap() {
  const key = useStore(keyChanged);
  const [cameras, setCameras] = useState<S['CameraResponse'][]>([]);
  const [camera, setCamera] = useState('');
  const [activity, setActivity] = useState<S['ActivityBaselineResponse'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.GET('/api/cameras').then(({ data, error }) => {
      if (!data) return setError(detailOf(error, 'Could not load the cameras'));
      const items = data.items ?? [];
      setCameras(items);
      setCamera((c) => c || (items[0]?.id ?? ''));
    });
  }, [key]);

  useEffect(() => {
    if (!camera) return;
    let live = true;
    void api.GET('/api/cameras/{id}/baseline/activity', { params: { path: { id: camera } } }).then(({ data, error }) => {
      if (!live) return;
      if (!data) return setError(detailOf(error, 'Could not load the activity baseline'));
      setError(null);
      setActivity(data);
    });
    return () => {
      live = false;
    };
  }, [camera, key]);

  const values = WEEKDAYS.map(() => HOURS.map(() => 0));
  for (const e of activity?.entries ?? []) {
    const row = values[e.day_of_week ?? -1];
    if (row && e.hour !== undefined && e.hour >= 0 && e.hour < 24) row[e.hour] = e.avg_count ?? 0;
  }
  const name = cameras.find((c) => c.id === camera)?.name ?? camera;

  return (
    <section aria-labelledby="heatmap-title" class="tile">
      <h2 id="heatmap-title">Activity by hour of the week</h2>
      {cameras.length === 0 ? (
        <p class="muted">No cameras yet.</p>
      ) : (
        <>
          <label>
            Camera
            <select value={camera} onChange={(e) => setCamera(e.currentTarget.value)}>
              {cameras.map((c) => (
                <option key={c.id} value={c.id ?? ''}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <ErrorText message={error} />
          {activity ? (
            <>
              <p class="muted" data-testid="baseline-state">
                {activity.learning_complete
                  ? `Baseline learned from ${activity.total_samples ?? 0} sampled hours.`
                  : `Still learning: ${activity.total_samples ?? 0} hours sampled; each hour of the week needs ${activity.min_samples_required ?? 0}.`}
              </p>
              <Heatmap title={`Mean detections per hour, ${name}`} rows={WEEKDAYS} columns={HOURS} values={values} columnHeader="Hour" />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
