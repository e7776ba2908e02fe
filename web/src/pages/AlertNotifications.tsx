import { useEffect, useState } from 'preact/hooks';
import { api, detailOf, fieldErrors } from '../api/client';
import { keyChanged } from '../api/auth';
import type { components } from '../api/schema';
import { ErrorText } from '../components/Page';
import { useStore } from '../store';

type S = components['schemas'];
type Sound = S['NotificationSound'];
type RiskLevel = S['RiskLevel'];

const SOUNDS: Sound[] = ['none', 'default', 'alert', 'chime', 'urgent'];
const LEVELS: RiskLevel[] = ['critical', 'high', 'medium', 'low'];
const NO_BODY = undefined as never;

/** Notification preferences, quiet hours, the channels configured, and a test send through one. */
export function NotificationSettings() {
  const key = useStore(keyChanged);
  const [config, setConfig] = useState<S['NotificationsConfigResponse'] | null>(null);
  const [enabled, setEnabled] = useState(true);
  const [sound, setSound] = useState<Sound>('default');
  const [levels, setLevels] = useState<RiskLevel[]>([]);
  const [quiet, setQuiet] = useState<S['QuietHoursResponse'][]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const [c, p, q] = await Promise.all([api.GET('/api/notification/config'), api.GET('/api/notification-preferences'), api.GET('/api/notification-preferences/quiet-hours')]);
      if (!c.data || !p.data || !q.data) return setError(detailOf(c.error ?? p.error ?? q.error, 'Could not load the notification settings'));
      setConfig(c.data);
      setEnabled(p.data.enabled ?? true);
      setSound(p.data.sound ?? 'default');
      setLevels(p.data.risk_filters ?? []);
      setQuiet(q.data.items ?? []);
    })();
  }, [key]);

  const savePreferences = async (e: Event) => {
    e.preventDefault();
    const { data, error } = await api.PUT('/api/notification-preferences', { body: { enabled, sound, risk_filters: levels } });
    if (!data) return setError(detailOf(error, 'Could not save the preferences'));
    setError(null);
    setSaved('Preferences saved.');
  };

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <ErrorText message={error} />
      {config ? (
        <p data-testid="channels">
          {config.notification_enabled ? 'Notifications on' : 'Notifications off'} · channels configured: {(config.available_channels ?? []).join(', ') || 'none'}
        </p>
      ) : null}
      <form class="inline" onSubmit={savePreferences} aria-labelledby="prefs-title">
        <h3 id="prefs-title" class="full">
          Preferences
        </h3>
        <label class="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Deliver alerts
        </label>
        <label>
          Sound
          <select value={sound} onChange={(e) => setSound(e.currentTarget.value as Sound)}>
            {SOUNDS.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Risk levels delivered</legend>
          <div class="checks">
            {LEVELS.map((l) => (
              <label class="check">
                <input type="checkbox" checked={levels.includes(l)} onChange={(e) => setLevels(e.currentTarget.checked ? [...levels, l] : levels.filter((x) => x !== l))} /> {l}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit">Save preferences</button>
        {saved ? <span role="status">{saved}</span> : null}
      </form>
      <QuietHours items={quiet} onChange={setQuiet} />
      <SendTest />
    </section>
  );
}

function QuietHours({ items, onChange }: { items: S['QuietHoursResponse'][]; onChange: (items: S['QuietHoursResponse'][]) => void }) {
  const [label, setLabel] = useState('');
  const [start, setStart] = useState('22:00');
  const [end, setEnd] = useState('07:00');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const add = async (e: Event) => {
    e.preventDefault();
    const { data, error } = await api.POST('/api/notification-preferences/quiet-hours', { body: { label, start_time: start, end_time: end } });
    if (!data) {
      setErrors(fieldErrors(error));
      return setError(detailOf(error, 'Could not add the quiet period'));
    }
    setErrors({});
    setError(null);
    setLabel('');
    onChange([...items, data]);
  };
  const remove = async (id: string) => {
    const { error } = await api.DELETE('/api/notification-preferences/quiet-hours/{quiet_hours_id}', { params: { path: { quiet_hours_id: id } }, body: NO_BODY });
    if (error) return setError(detailOf(error, 'Could not remove the quiet period'));
    onChange(items.filter((q) => q.id !== id));
  };

  return (
    <div>
      <h3>Quiet hours</h3>
      {items.length === 0 ? <p class="muted">None: alerts are delivered at any hour.</p> : null}
      <ul class="plain">
        {items.map((q) => (
          <li key={q.id} data-testid="quiet-hours">
            {q.label}: {q.start_time}–{q.end_time} {q.days?.length ? `(${q.days.join(', ')})` : '(every day)'}{' '}
            <button type="button" class="secondary" onClick={() => void remove(q.id ?? '')}>
              Remove {q.label}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText message={error} />
      <form class="inline" onSubmit={add} aria-label="Add quiet hours">
        <label>
          Label
          <input value={label} required maxLength={255} onInput={(e) => setLabel(e.currentTarget.value)} />
          {errors.label ? <span class="field-error">{errors.label}</span> : null}
        </label>
        <label>
          From
          <input type="time" value={start} required onInput={(e) => setStart(e.currentTarget.value)} />
          {errors.start_time ? <span class="field-error">{errors.start_time}</span> : null}
        </label>
        <label>
          Until
          <input type="time" value={end} required onInput={(e) => setEnd(e.currentTarget.value)} />
          {errors.end_time ? <span class="field-error">{errors.end_time}</span> : null}
        </label>
        <button type="submit">Add quiet hours</button>
      </form>
    </div>
  );
}

function SendTest() {
  const [channel, setChannel] = useState('webhook');
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    const body = channel === 'webhook' ? { channel, webhook_url: target || null } : channel === 'email' ? { channel, email_recipients: target ? [target] : null } : { channel };
    const { data, error } = await api.POST('/api/notification/test', { body });
    setBusy(false);
    if (!data) return setResult({ ok: false, text: `Not sent: ${detailOf(error, 'the request was refused')}` });
    setResult({ ok: !!data.success, text: data.success ? (data.message ?? 'Sent') : `Failed: ${data.error ?? data.message ?? 'unknown reason'}` });
  };

  return (
    <div>
      <h3>Send a test</h3>
      <form class="inline" onSubmit={send} aria-label="Send a test notification">
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
            <option value="webhook">webhook</option>
            <option value="email">email</option>
            <option value="mqtt">mqtt</option>
          </select>
        </label>
        {channel !== 'mqtt' ? (
          <label>
            {channel === 'webhook' ? 'Webhook URL (empty: the configured one)' : 'Recipient (empty: the configured ones)'}
            <input type={channel === 'webhook' ? 'url' : 'email'} value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
          </label>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send test'}
        </button>
      </form>
      <div role="status" data-testid="test-result">
        {result ? <p class={result.ok ? 'ok' : 'error'}>{result.ok ? '✓ ' : '✗ '}{result.text}</p> : null}
      </div>
    </div>
  );
}
