import { useEffect, useState } from 'preact/hooks';
import { api, detailOf, fieldErrors } from '../api/client';
import { keyChanged } from '../api/auth';
import type { components } from '../api/schema';
import { ErrorText, Loading, Page } from '../components/Page';
import { formatDateTime } from '../format';
import { useStore } from '../store';

type S = components['schemas'];
type Thresholds = { low_threshold: number; medium_threshold: number; high_threshold: number; decay_factor: number };

export function Settings() {
  return (
    <Page title="Settings">
      <Calibration />
      <SystemConfig />
    </Page>
  );
}

function thresholdsOf(c: S['CalibrationView'] | S['CalibrationDefaultsResponse']): Thresholds {
  return { low_threshold: c.low_threshold ?? 0, medium_threshold: c.medium_threshold ?? 0, high_threshold: c.high_threshold ?? 0, decay_factor: c.decay_factor ?? 0 };
}

const THRESHOLDS = [
  ['low_threshold', 'Low threshold', 'Scores from here up are at least low risk.'],
  ['medium_threshold', 'Medium threshold', 'Scores from here up are medium risk.'],
  ['high_threshold', 'High threshold', 'Scores from here up are high risk; above it, critical.'],
] as const;

function Calibration() {
  const key = useStore(keyChanged);
  const [current, setCurrent] = useState<S['CalibrationView'] | null>(null);
  const [defaults, setDefaults] = useState<Thresholds | null>(null);
  const [form, setForm] = useState<Thresholds | null>(null);
  const [history, setHistory] = useState<S['CalibrationHistoryEntry'][]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const [c, d, h] = await Promise.all([api.GET('/api/calibration'), api.GET('/api/calibration/defaults'), api.GET('/api/calibration/history', { params: { query: { limit: 20 } } })]);
    if (!c.data || !d.data || !h.data) return setError(detailOf(c.error ?? d.error ?? h.error, 'Could not load the calibration'));
    setError(null);
    setCurrent(c.data);
    setForm(thresholdsOf(c.data));
    setDefaults(thresholdsOf(d.data));
    setHistory(h.data.items ?? []);
  };
  useEffect(() => {
    void load();
  }, [key]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setNotice('');
    const { data, error } = await api.PATCH('/api/calibration', { body: form });
    setBusy(false);
    if (!data) {
      setFields(fieldErrors(error));
      return setError(detailOf(error, 'Could not save the calibration'));
    }
    setFields({});
    setNotice('Calibration saved.');
    await load();
  };

  const reset = async () => {
    setBusy(true);
    setNotice('');
    const { data, error } = await api.POST('/api/calibration/reset');
    setBusy(false);
    if (!data) return setError(detailOf(error, 'Could not reset the calibration'));
    setFields({});
    setNotice('Calibration reset to the defaults.');
    await load();
  };

  return (
    <section aria-labelledby="calibration-title" class="tile settings">
      <h2 id="calibration-title">Risk calibration</h2>
      <p class="muted">Where the risk score (0–100) crosses from one level to the next. Feedback on events moves these by the decay factor.</p>
      <ErrorText message={error} />
      {!form || !defaults || !current ? (
        error ? null : <Loading />
      ) : (
        <form onSubmit={save} class="stack" aria-label="Risk calibration">
          {THRESHOLDS.map(([name, label, help]) => (
            <div class="slider" key={name}>
              <label>
                <span>
                  {label}: <output data-testid={`${name}-value`}>{form[name]}</output>
                </span>
                <input type="range" min={0} max={100} step={1} name={name} value={form[name]} aria-describedby={`${name}-help`} onInput={(e) => setForm({ ...form, [name]: Number(e.currentTarget.value) })} />
              </label>
              <span id={`${name}-help`} class="hint">
                {help} Default {defaults[name]}.
              </span>
              {fields[name] ? <span class="field-error">{fields[name]}</span> : null}
            </div>
          ))}
          <div class="slider">
            <label>
              <span>
                Decay factor: <output data-testid="decay_factor-value">{form.decay_factor.toFixed(2)}</output>
              </span>
              <input type="range" min={0} max={1} step={0.01} name="decay_factor" value={form.decay_factor} aria-describedby="decay-help" onInput={(e) => setForm({ ...form, decay_factor: Number(e.currentTarget.value) })} />
            </label>
            <span id="decay-help" class="hint">
              How strongly each feedback moves the thresholds. Default {defaults.decay_factor.toFixed(2)}.
            </span>
            {fields.decay_factor ? <span class="field-error">{fields.decay_factor}</span> : null}
          </div>
          <p class="muted">
            Feedback so far: {current.correct_count ?? 0} correct, {current.false_positive_count ?? 0} false alarms, {current.missed_threat_count ?? 0} missed threats.
          </p>
          <div class="actions start">
            <button type="submit" disabled={busy}>
              Save calibration
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => void reset()}>
              Reset to defaults
            </button>
          </div>
          <p role="status" class="notice">
            {notice}
          </p>
        </form>
      )}

      <h3>Calibration history</h3>
      {history.length === 0 ? (
        <p class="muted">No changes yet.</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="calibration-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Low</th>
                <th scope="col">Medium</th>
                <th scope="col">High</th>
                <th scope="col">Decay</th>
                <th scope="col">Because of</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.version}>
                  <td>{formatDateTime(h.at)}</td>
                  <td>{h.kind}</td>
                  <td>{h.low_threshold}</td>
                  <td>{h.medium_threshold}</td>
                  <td>{h.high_threshold}</td>
                  <td>{h.decay_factor?.toFixed(2)}</td>
                  <td>
                    {h.event_id ? (
                      <a href={`/events/${h.event_id}`}>
                        {h.feedback_type ?? 'feedback'} on event {h.event_id}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Config = S['ConfigResponse'];
type ConfigChange = S['SystemConfigUpdateRequest'];

/** The run-time settings: label, help, input bounds. Integers unless a step is given. */
const PIPELINE: { name: keyof ConfigChange & keyof Config; label: string; help: string; min: number; max: number; step?: number }[] = [
  { name: 'batch_window_seconds', label: 'Batch window (seconds)', help: 'Longest a batch of detections stays open; 1–3600.', min: 1, max: 3600 },
  { name: 'batch_idle_timeout_seconds', label: 'Batch idle timeout (seconds)', help: 'A batch closes this long after its last detection; 1–3600.', min: 1, max: 3600 },
  { name: 'detection_confidence_threshold', label: 'Detection confidence threshold', help: 'Detections below it are not recorded; 0–1.', min: 0, max: 1, step: 0.01 },
  { name: 'fast_path_confidence_threshold', label: 'Fast-path confidence threshold', help: 'A fast-path detection this confident is its own event at once; 0–1.', min: 0, max: 1, step: 0.01 },
];

const RETENTION: typeof PIPELINE = [
  { name: 'retention_days', label: 'Keep events for (days)', help: 'Older events and detections are removed by the daily cleanup; 1–365.', min: 1, max: 365 },
  { name: 'log_retention_days', label: 'Keep logs for (days)', help: 'Kept for clients; 1–365.', min: 1, max: 365 },
];

function SystemConfig() {
  const key = useStore(keyChanged);
  const [config, setConfig] = useState<Config | null>(null);
  const [history, setHistory] = useState<S['SystemConfigHistoryEntry'][]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const [c, h] = await Promise.all([api.GET('/api/system/config'), api.GET('/api/system/config/history', { params: { query: { limit: 20 } } })]);
    if (!c.data || !h.data) return setError(detailOf(c.error ?? h.error, 'Could not load the configuration'));
    setError(null);
    setConfig(c.data);
    setHistory(h.data.items ?? []);
  };
  useEffect(() => {
    void load();
  }, [key]);

  return (
    <>
      <section aria-labelledby="config-title" class="tile settings">
        <h2 id="config-title">System configuration</h2>
        <ErrorText message={error} />
        {config ? (
          <>
            <dl class="facts">
              <dt>Application</dt>
              <dd>
                {config.app_name} {config.version}
              </dd>
            </dl>
            <ConfigForm config={config} fields={PIPELINE} title="Pipeline settings" onSaved={load} />
          </>
        ) : error ? null : (
          <Loading />
        )}
        <h3>Configuration history</h3>
        {history.length === 0 ? (
          <p class="muted">No run-time changes yet.</p>
        ) : (
          <div class="table-wrap" tabIndex={0}>
            <table data-testid="config-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.version}>
                    <td>{formatDateTime(h.changed_at)}</td>
                    <td>
                      <ul class="plain">
                        {(h.changes ?? []).map((c) => (
                          <li key={c.setting}>
                            {c.setting}: {c.old_value} → {c.new_value}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="retention-title" class="tile settings">
        <h2 id="retention-title">Retention</h2>
        {config ? <ConfigForm config={config} fields={RETENTION} title="Retention settings" onSaved={load} /> : null}
        <Cleanup />
      </section>
    </>
  );
}

/** A form over some of the run-time settings; it sends only the ones changed, so the history names only those. */
function ConfigForm({ config, fields, title, onSaved }: { config: Config; fields: typeof PIPELINE; title: string; onSaved: () => Promise<void> }) {
  const initial = () => Object.fromEntries(fields.map((f) => [f.name, String(config[f.name] ?? '')]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => setValues(initial()), [config]);

  const save = async (e: Event) => {
    e.preventDefault();
    const body: ConfigChange = {};
    for (const f of fields) {
      const v = Number(values[f.name]);
      if (values[f.name] !== '' && v !== config[f.name]) body[f.name] = v;
    }
    setNotice('');
    if (Object.keys(body).length === 0) return setNotice('Nothing changed.');
    const { data, error } = await api.PATCH('/api/system/config', { body });
    if (!data) {
      setErrors(fieldErrors(error));
      return setError(detailOf(error, 'Could not save the settings'));
    }
    setErrors({});
    setError(null);
    setNotice('Saved.');
    await onSaved();
  };

  return (
    <form onSubmit={save} class="stack" aria-label={title}>
      <div class="fields">
        {fields.map((f) => (
          <div key={f.name} class="field">
            <label>
              {f.label}
              <input type="number" name={f.name} min={f.min} max={f.max} step={f.step ?? 1} value={values[f.name]} required aria-describedby={`${f.name}-help`} onInput={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })} />
            </label>
            <span id={`${f.name}-help`} class="hint">
              {f.help}
            </span>
            {errors[f.name] ? <span class="field-error">{errors[f.name]}</span> : null}
          </div>
        ))}
      </div>
      <ErrorText message={error} />
      <div class="actions start">
        <button type="submit">Save {title.toLowerCase()}</button>
        <span role="status" class="notice">
          {notice}
        </span>
      </div>
    </form>
  );
}

/** The cleanup on demand: a dry run first shows what would go, then the real run is one more click. */
function Cleanup() {
  const [report, setReport] = useState<S['CleanupReport'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    const { data, error } = await api.POST('/api/system/cleanup', { params: { query: { dry_run: dryRun } } });
    setBusy(false);
    if (!data) return setError(detailOf(error, 'The cleanup failed'));
    setError(null);
    setReport(data);
  };

  return (
    <div class="stack">
      <h3>Clean up now</h3>
      <p class="muted">The cleanup runs every day at 03:00. Preview what it would remove, then run it.</p>
      <div class="actions start">
        <button type="button" class="secondary" disabled={busy} onClick={() => void run(true)}>
          Preview cleanup
        </button>
        {report?.dry_run ? (
          <button type="button" class="danger" disabled={busy} onClick={() => void run(false)}>
            Remove them now
          </button>
        ) : null}
      </div>
      <ErrorText message={error} />
      {report ? (
        <p role="status" data-testid="cleanup-report">
          {report.dry_run ? 'Would remove' : 'Removed'} {report.events_deleted ?? 0} events, {report.detections_deleted ?? 0} detections and {report.thumbnails_deleted ?? 0} thumbnails older than {report.retention_days} days.
        </p>
      ) : null}
    </div>
  );
}
