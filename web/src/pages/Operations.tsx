import { useEffect, useState } from 'preact/hooks';
import { api, detailOf, fieldErrors } from '../api/client';
import { keyChanged } from '../api/auth';
import type { components } from '../api/schema';
import { JobLog } from '../components/JobLog';
import { ErrorText, Loading, Page } from '../components/Page';
import { formatDateTime } from '../format';
import { useStore } from '../store';

type S = components['schemas'];

/** A job this page started: shown with its live log under the section that started it. */
interface StartedJob {
  id: string;
  title: string;
}

export function Operations() {
  return (
    <Page title="Operations">
      <Cluster />
      <Projections />
      <Replays />
      <DeadLetters />
      <Links />
    </Page>
  );
}

/** What a node's Wolverine agents mean to an operator. */
function agentName(uri: string): string | null {
  if (uri === 'hsi://folder-watcher/') return 'folder watcher';
  if (uri === 'hsi://retention/') return 'retention';
  if (uri === 'hsi://storage/') return 'storage eviction';
  if (uri === 'wolverine://leader/') return 'leader';
  if (uri.startsWith('wolverine-listener://postgresql/')) return `grouping (${uri.slice('wolverine-listener://postgresql/'.length)})`;
  return null;
}

function Cluster() {
  const key = useStore(keyChanged);
  const [data, setData] = useState<S['OperationsClusterResponse'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const { data, error } = await api.GET('/api/system/cluster');
    if (!data) return setError(detailOf(error, 'Could not load the cluster'));
    setError(null);
    setData(data);
  };
  useEffect(() => {
    void load();
  }, [key]);

  return (
    <section aria-labelledby="cluster-title">
      <div class="section-head">
        <h2 id="cluster-title">Nodes</h2>
        <button type="button" class="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p class="muted">Every process of the system (HSI_ROLE) and the work the cluster does once: the leader gives each piece to one live node.</p>
      <ErrorText message={error} />
      {!data ? (
        error ? null : <Loading />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Runs</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {data.nodes.map((n) => (
                <tr key={n.node_id} data-testid="node">
                  <td>
                    {n.name ?? `node ${n.node_number}`}
                    {n.node_id === data.self.node_id ? <span class="muted"> (this one)</span> : null}
                  </td>
                  <td>{n.role ?? '—'}</td>
                  <td>{n.live ? 'live' : 'gone'}</td>
                  <td>{n.agents.map(agentName).filter((a): a is string => a !== null).join(', ') || '—'}</td>
                  <td>{formatDateTime(n.last_health_check)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Projections() {
  const key = useStore(keyChanged);
  const [items, setItems] = useState<S['ProjectionStatus'][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<StartedJob | null>(null);

  const load = async () => {
    const { data, error } = await api.GET('/api/admin/projections');
    if (!data) return setError(detailOf(error, 'Could not load the projections'));
    setItems(data.items ?? []);
  };
  useEffect(() => {
    void load();
  }, [key]);

  const rebuild = async (name: string) => {
    setError(null);
    const { data, error } = await api.POST('/api/admin/projections/{name}/rebuild', { params: { path: { name } } });
    if (!data?.job_id) return setError(detailOf(error, `Could not rebuild ${name}`));
    setJob({ id: data.job_id, title: `Rebuild of ${name}` });
    await load();
  };

  return (
    <section aria-labelledby="projections-title">
      <div class="section-head">
        <h2 id="projections-title">Projections</h2>
        <button type="button" class="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p class="muted">The read models built from the event store. Lag is how many events a projection has still to apply.</p>
      <ErrorText message={error} />
      {items === null ? (
        error ? null : <Loading />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="projections">
            <thead>
              <tr>
                <th scope="col">Projection</th>
                <th scope="col">Kind</th>
                <th scope="col">Position</th>
                <th scope="col">Lag</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.name} data-testid="projection" data-name={p.name}>
                  <th scope="row">{p.name}</th>
                  <td>{p.lifecycle}</td>
                  <td>
                    {p.position} of {p.high_water_mark}
                  </td>
                  <td>{p.lag}</td>
                  <td>{p.status?.replace('_', ' ')}</td>
                  <td>
                    <button type="button" class="secondary" disabled={p.status === 'rebuilding'} onClick={() => void rebuild(p.name ?? '')}>
                      Rebuild<span class="sr-only"> {p.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {job ? <JobLog key={job.id} jobId={job.id} title={job.title} onDone={() => void load()} /> : null}
    </section>
  );
}

/** A datetime-local value (local wall clock) for a moment. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function Replays() {
  const key = useStore(keyChanged);
  const [cameras, setCameras] = useState<S['CameraResponse'][]>([]);
  useEffect(() => {
    void api.GET('/api/cameras').then(({ data }) => setCameras(data?.items ?? []));
  }, [key]);
  return (
    <section aria-labelledby="replays-title">
      <h2 id="replays-title">Replays</h2>
      <p class="muted">Run the risk analyzer or the detector again over what was recorded. A dry run only reports what would change.</p>
      <div class="replays">
        <RiskReplay cameras={cameras} />
        <DetectorReplay cameras={cameras} />
      </div>
    </section>
  );
}

/** The window and camera both replays take; the times are local, sent as UTC. */
function useWindow() {
  const [start, setStart] = useState(() => localInput(new Date(Date.now() - 24 * 3600_000)));
  const [end, setEnd] = useState(() => localInput(new Date()));
  const [camera, setCamera] = useState('');
  const body = { start_date: new Date(start).toISOString(), end_date: new Date(end).toISOString(), camera_id: camera || null };
  return { start, setStart, end, setEnd, camera, setCamera, body };
}

function WindowFields({ prefix, w, cameras, errors }: { prefix: string; w: ReturnType<typeof useWindow>; cameras: S['CameraResponse'][]; errors: Record<string, string> }) {
  return (
    <>
      <label>
        From
        <input type="datetime-local" name={`${prefix}-start`} value={w.start} required onInput={(e) => w.setStart(e.currentTarget.value)} />
        {errors.start_date ? <span class="field-error">{errors.start_date}</span> : null}
      </label>
      <label>
        To
        <input type="datetime-local" name={`${prefix}-end`} value={w.end} required onInput={(e) => w.setEnd(e.currentTarget.value)} />
        {errors.end_date ? <span class="field-error">{errors.end_date}</span> : null}
      </label>
      <label>
        Camera
        <select value={w.camera} onChange={(e) => w.setCamera(e.currentTarget.value)}>
          <option value="">All cameras</option>
          {cameras.map((c) => (
            <option key={c.id} value={c.id ?? ''}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function RiskReplay({ cameras }: { cameras: S['CameraResponse'][] }) {
  const w = useWindow();
  const [analyzer, setAnalyzer] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<StartedJob | null>(null);

  const start = async (e: Event) => {
    e.preventDefault();
    const { data, error } = await api.POST('/api/ai-audit/replay', { body: { ...w.body, analyzer: analyzer || null, dry_run: dryRun } });
    if (!data?.job_id) {
      setErrors(fieldErrors(error));
      return setError(detailOf(error, 'Could not start the risk replay'));
    }
    setErrors({});
    setError(null);
    setJob({ id: data.job_id, title: dryRun ? 'Risk replay (dry run)' : 'Risk replay' });
  };

  return (
    <div class="tile">
      <h3>Risk replay</h3>
      <form class="filters" onSubmit={start} aria-label="Risk replay">
        <WindowFields prefix="risk" w={w} cameras={cameras} errors={errors} />
        <label>
          Analyzer
          <select value={analyzer} onChange={(e) => setAnalyzer(e.currentTarget.value)}>
            <option value="">As configured</option>
            <option value="rules">Rules</option>
            <option value="llm">LLM</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} /> Dry run
        </label>
        <button type="submit">Start risk replay</button>
      </form>
      <ErrorText message={error} />
      {job ? <JobLog key={job.id} jobId={job.id} title={job.title} /> : null}
    </div>
  );
}

function DetectorReplay({ cameras }: { cameras: S['CameraResponse'][] }) {
  const w = useWindow();
  const [model, setModel] = useState('');
  const [confidence, setConfidence] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<StartedJob | null>(null);

  const start = async (e: Event) => {
    e.preventDefault();
    const body = { ...w.body, model_path: model.trim() || null, confidence_threshold: confidence === '' ? null : Number(confidence), dry_run: dryRun };
    const { data, error } = await api.POST('/api/ai-audit/redetect', { body });
    if (!data?.job_id) {
      setErrors(fieldErrors(error));
      return setError(detailOf(error, 'Could not start the detector replay'));
    }
    setErrors({});
    setError(null);
    setJob({ id: data.job_id, title: dryRun ? 'Detector replay (dry run)' : 'Detector replay' });
  };

  return (
    <div class="tile">
      <h3>Detector replay</h3>
      <form class="filters" onSubmit={start} aria-label="Detector replay">
        <WindowFields prefix="detector" w={w} cameras={cameras} errors={errors} />
        <label>
          Model file (optional)
          <input type="text" value={model} placeholder="as configured" onInput={(e) => setModel(e.currentTarget.value)} />
          {errors.model_path ? <span class="field-error">{errors.model_path}</span> : null}
        </label>
        <label>
          Confidence (optional)
          <input type="number" min={0} max={1} step={0.01} value={confidence} onInput={(e) => setConfidence(e.currentTarget.value)} />
          {errors.confidence_threshold ? <span class="field-error">{errors.confidence_threshold}</span> : null}
        </label>
        <label class="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} /> Dry run
        </label>
        <button type="submit">Start detector replay</button>
      </form>
      <ErrorText message={error} />
      {job ? <JobLog key={job.id} jobId={job.id} title={job.title} /> : null}
    </div>
  );
}

const QUEUES = [
  ['dlq:detection_queue', 'Detection', 'detection_queue_count', 'Pictures whose analysis failed after its retries.'],
  ['dlq:analysis_queue', 'Risk analysis', 'analysis_queue_count', 'Batches whose risk analysis failed.'],
  ['dlq:notification_queue', 'Notifications', 'notification_queue_count', 'Notifications that could not be sent.'],
  ['dlq:enrichment_queue', 'Enrichment', 'enrichment_queue_count', 'Pictures whose enrichment (faces, plates, re-identification) failed.'],
  ['dlq:batching_queue', 'Grouping', 'batching_queue_count', 'Analysed pictures that could not be grouped into an event.'],
] as const;

function DeadLetters() {
  const key = useStore(keyChanged);
  const [stats, setStats] = useState<S['DeadLettersStatsResponse'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [open, setOpen] = useState<string | null>(null);

  const load = async () => {
    const { data, error } = await api.GET('/api/dlq/stats');
    if (!data) return setError(detailOf(error, 'Could not load the dead-letter queues'));
    setError(null);
    setStats(data);
  };
  useEffect(() => {
    void load();
  }, [key]);

  const requeue = async (queue: string, all: boolean) => {
    setNotice('');
    const { data, error } = all
      ? await api.POST('/api/dlq/requeue-all/{queue_name}', { params: { path: { queue_name: queue } }, body: { queue_name: queue } })
      : await api.POST('/api/dlq/requeue/{queue_name}', { params: { path: { queue_name: queue } }, body: { queue_name: queue } });
    if (!data) return setError(detailOf(error, 'Could not requeue'));
    setNotice(data.message ?? '');
    await load();
  };

  return (
    <section aria-labelledby="dlq-title">
      <div class="section-head">
        <h2 id="dlq-title">Dead-letter queues</h2>
        <button type="button" class="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorText message={error} />
      <p role="status" class="notice">
        {notice}
      </p>
      {!stats ? (
        error ? null : <Loading />
      ) : (
        <ul class="tiles">
          {QUEUES.map(([queue, label, field, help]) => {
            const count = stats[field] ?? 0;
            return (
              <li key={queue} class="tile" data-testid="dlq" data-queue={queue}>
                <h3>{label}</h3>
                <p>
                  <strong data-testid="dlq-count">{count}</strong> {count === 1 ? 'job' : 'jobs'} waiting
                </p>
                <p class="muted">{help}</p>
                <div class="actions start">
                  <button type="button" disabled={count === 0} onClick={() => void requeue(queue, false)}>
                    Requeue oldest<span class="sr-only"> of {label}</span>
                  </button>
                  <button type="button" class="secondary" disabled={count === 0} onClick={() => void requeue(queue, true)}>
                    Requeue all<span class="sr-only"> of {label}</span>
                  </button>
                  <button type="button" class="secondary" aria-expanded={open === queue} disabled={count === 0} onClick={() => setOpen(open === queue ? null : queue)}>
                    {open === queue ? 'Hide' : 'Show'} jobs<span class="sr-only"> of {label}</span>
                  </button>
                </div>
                {open === queue ? <DeadLetterJobs queue={queue} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function DeadLetterJobs({ queue }: { queue: string }) {
  const [jobs, setJobs] = useState<S['DeadLetterJob'][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.GET('/api/dlq/jobs/{queue_name}', { params: { path: { queue_name: queue }, query: { limit: 50 } } }).then(({ data, error }) => {
      if (!data) return setError(detailOf(error, 'Could not load the jobs'));
      setJobs(data.items ?? []);
    });
  }, [queue]);
  if (error) return <ErrorText message={error} />;
  if (!jobs) return <Loading />;
  return (
    <ol class="dlq-jobs">
      {jobs.map((j, i) => (
        <li key={i}>
          <p class="error">{j.error}</p>
          <p class="muted">
            {j.attempt_count} attempts · last failed {formatDateTime(j.last_failed_at)}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Links() {
  const key = useStore(keyChanged);
  const [grafana, setGrafana] = useState<string | null>(null);
  useEffect(() => {
    void api.GET('/api/system/config').then(({ data }) => setGrafana(data?.grafana_url || null));
  }, [key]);
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">Tools</h2>
      {/* target="_top": a full page load, since the router would otherwise take these same-origin links for its own. */}
      <ul class="plain links">
        <li>
          <a href="/docs" target="_top">
            API documentation
          </a>{' '}
          (Swagger UI)
        </li>
        <li>
          <a href="/metrics" target="_top">
            Prometheus metrics
          </a>
        </li>
        <li>
          {grafana ? (
            <a href={grafana} target="_blank" rel="noopener noreferrer">
              Grafana dashboards (opens in a new tab)
            </a>
          ) : (
            'Grafana: no GRAFANA_URL configured'
          )}
        </li>
      </ul>
    </section>
  );
}
