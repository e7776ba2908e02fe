import { useEffect, useState } from 'preact/hooks';
import { api, detailOf, fieldErrors } from '../api/client';
import { keyChanged } from '../api/auth';
import type { components } from '../api/schema';
import { ConfirmDialog, Modal } from '../components/ConfirmDialog';
import { ErrorText, Loading, Page } from '../components/Page';
import { formatDateTime } from '../format';
import { useStore } from '../store';
import { NotificationSettings } from './AlertNotifications';

type S = components['schemas'];
type Alert = S['AlertResponse'];
type Rule = S['RuleResponse'];
type RuleTest = S['RuleTestResponse'];
type Severity = S['AlertSeverity'];
type Channel = S['AlertChannel'];

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
const CHANNELS: Channel[] = ['webhook', 'email', 'mqtt'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
// The delete route declares a body it never reads; none is sent, and this type-checks either way.
const NO_BODY = undefined as never;

export function Alerts() {
  return (
    <Page title="Alerts">
      <AlertList />
      <RuleList />
      <NotificationSettings />
    </Page>
  );
}

function AlertList() {
  const key = useStore(keyChanged);
  const [status, setStatus] = useState('');
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const { data, error } = await api.GET('/api/alerts', { params: { query: { limit: 100, status: (status || undefined) as S['AlertStatus'] | undefined } } });
    if (!data) return setError(detailOf(error, 'Could not load the alerts'));
    setError(null);
    setAlerts(data.items ?? []);
  };
  useEffect(() => void load(), [key, status]);

  const act = async (a: Alert, action: 'acknowledge' | 'dismiss') => {
    const path = { params: { path: { alert_id: a.id ?? '' } } };
    const { data, error } = action === 'acknowledge' ? await api.POST('/api/alerts/{alert_id}/acknowledge', path) : await api.POST('/api/alerts/{alert_id}/dismiss', path);
    if (!data) {
      setError(detailOf(error, `Could not ${action} the alert`));
      return load();
    }
    setError(null);
    setAlerts((list) => (list ?? []).map((x) => (x.id === data.id ? data : x)));
  };

  return (
    <section aria-labelledby="alerts-title">
      <div class="section-head">
        <h2 id="alerts-title">Raised</h2>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            {['pending', 'delivered', 'acknowledged', 'dismissed'].map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorText message={error} />
      {alerts === null ? <Loading /> : alerts.length === 0 ? <p class="muted">No alerts.</p> : null}
      <ul class="alerts">
        {(alerts ?? []).map((a) => (
          <li key={a.id} class="tile alert" data-testid="alert" data-alert-id={a.id} data-status={a.status}>
            <p>
              <span class={`risk risk-${a.severity}`}>{a.severity}</span> <strong>{a.rule_name}</strong> · {a.metadata?.camera_name ?? a.metadata?.camera_id} ·{' '}
              <a href={`/events/${a.event_id}`}>event {a.event_id}</a>
            </p>
            <p class="muted">
              {formatDateTime(a.created_at)} · <span data-testid="alert-status">{a.status}</span>
              {a.suppressed_by ? ` · not delivered (${a.suppressed_by})` : ''}
            </p>
            {a.metadata?.summary ? <p>{a.metadata.summary}</p> : null}
            <div class="actions start">
              {a.status === 'pending' || a.status === 'delivered' ? (
                <button type="button" onClick={() => void act(a, 'acknowledge')}>
                  Acknowledge
                </button>
              ) : null}
              {a.status !== 'dismissed' ? (
                <button type="button" class="secondary" onClick={() => void act(a, 'dismiss')}>
                  Dismiss
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function conditions(r: Rule): string {
  const parts: string[] = [];
  if (r.object_types?.length) parts.push(`objects: ${r.object_types.join(', ')}`);
  if (typeof r.risk_threshold === 'number') parts.push(`risk ≥ ${r.risk_threshold}`);
  if (typeof r.min_confidence === 'number') parts.push(`confidence ≥ ${r.min_confidence}`);
  parts.push(r.camera_ids?.length ? `cameras: ${r.camera_ids.join(', ')}` : 'every camera');
  if (r.schedule && (r.schedule.days?.length || r.schedule.start_time)) parts.push(`when: ${(r.schedule.days ?? []).join(', ') || 'every day'} ${r.schedule.start_time ?? ''}–${r.schedule.end_time ?? ''}`);
  return parts.join('; ');
}

function RuleList() {
  const key = useStore(keyChanged);
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [testing, setTesting] = useState<{ rule: Rule; result: RuleTest | null; error: string | null } | null>(null);

  const load = async () => {
    const { data, error } = await api.GET('/api/alerts/rules', { params: { query: { limit: 1000 } } });
    if (!data) return setError(detailOf(error, 'Could not load the rules'));
    setError(null);
    setRules(data.items ?? []);
  };
  useEffect(() => void load(), [key]);

  const remove = async (r: Rule) => {
    setDeleting(null);
    const { error } = await api.DELETE('/api/alerts/rules/{rule_id}', { params: { path: { rule_id: r.id ?? '' } }, body: NO_BODY });
    if (error) setError(detailOf(error, 'Could not delete the rule'));
    await load();
  };

  const test = async (rule: Rule) => {
    setTesting({ rule, result: null, error: null });
    const { data, error } = await api.POST('/api/alerts/rules/{rule_id}/test', { params: { path: { rule_id: rule.id ?? '' } }, body: { limit: 10 } });
    setTesting({ rule, result: data ?? null, error: data ? null : detailOf(error, 'The test failed') });
  };

  return (
    <section aria-labelledby="rules-title">
      <div class="section-head">
        <h2 id="rules-title">Rules</h2>
        <button type="button" onClick={() => setEditing('new')}>
          New rule
        </button>
      </div>
      <ErrorText message={error} />
      {rules === null ? <Loading /> : rules.length === 0 ? <p class="muted">No rules yet: no alert is raised.</p> : null}
      <ul class="rules">
        {(rules ?? []).map((r) => (
          <li key={r.id} class="tile" data-testid="rule" data-rule-id={r.id}>
            <h3>{r.name}</h3>
            <p>
              <span class={`risk risk-${r.severity}`}>{r.severity}</span> {r.enabled ? 'Enabled' : 'Disabled'} · cooldown {r.cooldown_seconds} s
              {r.channels?.length ? ` · via ${r.channels.join(', ')}` : ' · no channel'}
            </p>
            <p class="muted">{conditions(r)}</p>
            <div class="actions start">
              <button type="button" onClick={() => void test(r)}>
                Test {r.name}
              </button>
              <button type="button" class="secondary" onClick={() => setEditing(r)}>
                Edit {r.name}
              </button>
              <button type="button" class="secondary" onClick={() => setDeleting(r)}>
                Delete {r.name}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editing ? (
        <RuleEditor
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      ) : null}
      {deleting ? <ConfirmDialog title="Delete rule" message={`Delete “${deleting.name}”? Its alerts stay.`} confirm="Delete" onConfirm={() => void remove(deleting)} onClose={() => setDeleting(null)} /> : null}
      {testing ? <RuleTestResult {...testing} onClose={() => setTesting(null)} /> : null}
    </section>
  );
}

function RuleTestResult({ rule, result, error, onClose }: { rule: Rule; result: RuleTest | null; error: string | null; onClose: () => void }) {
  return (
    <Modal title={`Test of ${rule.name}`} onClose={onClose}>
      <ErrorText message={error} />
      {!result && !error ? <Loading /> : null}
      {result ? (
        <div data-testid="rule-test">
          <p role="status">
            {result.events_matched} of {result.events_tested} recent events match.
          </p>
          <ul class="test-results">
            {(result.results ?? []).map((r) => (
              <li key={r.event_id}>
                <strong>{r.matches ? 'Matches' : 'No match'}</strong> · <a href={`/events/${r.event_id}`}>event {r.event_id}</a> · {r.camera_id} · {formatDateTime(r.started_at)}
                {r.matched_conditions?.length ? <div>Met: {r.matched_conditions.join(', ')}</div> : null}
                {r.failed_conditions?.length ? <div>Not met: {r.failed_conditions.join(', ')}</div> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

function RuleEditor({ rule, onClose, onSaved }: { rule: Rule | null; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [severity, setSeverity] = useState<Severity>(rule?.severity ?? 'medium');
  const [objects, setObjects] = useState((rule?.object_types ?? []).join(', '));
  const [cameras, setCameras] = useState((rule?.camera_ids ?? []).join(', '));
  const [risk, setRisk] = useState(rule?.risk_threshold?.toString() ?? '');
  const [confidence, setConfidence] = useState(rule?.min_confidence?.toString() ?? '');
  const [cooldown, setCooldown] = useState((rule?.cooldown_seconds ?? 300).toString());
  const [days, setDays] = useState<string[]>(rule?.schedule?.days ?? []);
  const [start, setStart] = useState(rule?.schedule?.start_time ?? '');
  const [end, setEnd] = useState(rule?.schedule?.end_time ?? '');
  const [channels, setChannels] = useState<Channel[]>(rule?.channels ?? []);
  const [webhook, setWebhook] = useState(rule?.webhook_url ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    const body = {
      name,
      description: description || null,
      enabled,
      severity,
      object_types: list(objects),
      camera_ids: list(cameras),
      risk_threshold: numberOrNull(risk),
      min_confidence: numberOrNull(confidence),
      cooldown_seconds: numberOrNull(cooldown),
      schedule: days.length || start || end ? { days, start_time: start || null, end_time: end || null } : null,
      channels,
      webhook_url: webhook || null,
    };
    const { data, error } = rule ? await api.PATCH('/api/alerts/rules/{rule_id}', { params: { path: { rule_id: rule.id ?? '' } }, body }) : await api.POST('/api/alerts/rules', { body });
    if (data) return onSaved();
    setErrors(fieldErrors(error));
    setError(detailOf(error, 'Could not save the rule'));
  };

  const field = (id: string) => (errors[id] ? <span class="field-error" id={`err-${id}`}>{errors[id]}</span> : null);
  const described = (id: string) => (errors[id] ? `err-${id}` : undefined);
  return (
    <Modal title={rule ? `Edit ${rule.name}` : 'New rule'} onClose={onClose}>
      <form class="editor" onSubmit={save} data-testid="rule-editor">
        <ErrorText message={error} />
        <label>
          Name
          <input value={name} required maxLength={255} onInput={(e) => setName(e.currentTarget.value)} aria-describedby={described('name')} />
          {field('name')}
        </label>
        <label>
          Description
          <input value={description} maxLength={2000} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.currentTarget.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Conditions</legend>
          <label>
            Objects (comma-separated, e.g. person, car)
            <input value={objects} onInput={(e) => setObjects(e.currentTarget.value)} aria-describedby={described('object_types')} />
            {field('object_types')}
          </label>
          <label>
            Cameras (ids, comma-separated; empty: every camera)
            <input value={cameras} onInput={(e) => setCameras(e.currentTarget.value)} aria-describedby={described('camera_ids')} />
            {field('camera_ids')}
          </label>
          <label>
            Least risk score (0–100)
            <input type="number" min={0} max={100} value={risk} onInput={(e) => setRisk(e.currentTarget.value)} aria-describedby={described('risk_threshold')} />
            {field('risk_threshold')}
          </label>
          <label>
            Least confidence (0–1)
            <input type="number" min={0} max={1} step={0.05} value={confidence} onInput={(e) => setConfidence(e.currentTarget.value)} aria-describedby={described('min_confidence')} />
            {field('min_confidence')}
          </label>
        </fieldset>
        <fieldset>
          <legend>Schedule (empty: always)</legend>
          <div class="checks">
            {DAYS.map((d) => (
              <label class="check">
                <input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.currentTarget.checked ? [...days, d] : days.filter((x) => x !== d))} /> {d}
              </label>
            ))}
          </div>
          <label>
            From
            <input type="time" value={start} onInput={(e) => setStart(e.currentTarget.value)} aria-describedby={described('start_time')} />
            {field('start_time')}
          </label>
          <label>
            Until
            <input type="time" value={end} onInput={(e) => setEnd(e.currentTarget.value)} aria-describedby={described('end_time')} />
            {field('end_time')}
          </label>
        </fieldset>
        <fieldset>
          <legend>Delivery</legend>
          <div class="checks">
            {CHANNELS.map((c) => (
              <label class="check">
                <input type="checkbox" checked={channels.includes(c)} onChange={(e) => setChannels(e.currentTarget.checked ? [...channels, c] : channels.filter((x) => x !== c))} /> {c}
              </label>
            ))}
          </div>
          <label>
            Webhook URL (empty: WEBHOOK_URL)
            <input type="url" value={webhook} onInput={(e) => setWebhook(e.currentTarget.value)} aria-describedby={described('webhook_url')} />
            {field('webhook_url')}
          </label>
          <label>
            Cooldown (seconds)
            <input type="number" min={0} max={604800} value={cooldown} onInput={(e) => setCooldown(e.currentTarget.value)} aria-describedby={described('cooldown_seconds')} />
            {field('cooldown_seconds')}
          </label>
        </fieldset>
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">Save rule</button>
        </div>
      </form>
    </Modal>
  );
}
