import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, detailOf } from '../api/client';
import { keyChanged, withKey } from '../api/auth';
import type { Camera, EventItem } from '../api/types';
import { ErrorText, Page } from '../components/Page';
import { RiskBadge } from '../components/Risk';
import { formatTime } from '../format';
import { useLive, useReconnects } from '../live/useLive';
import type { LiveMessage } from '../live/socket';
import { useStore } from '../store';

/** The feed keeps this many events: a burst never grows the page without bound. */
export const FEED_CAP = 50;

interface FeedItem {
  id: number;
  camera_id: string;
  risk_level?: string | null;
  risk_score?: number | null;
  summary?: string | null;
  started_at: string;
}

interface SystemStatus {
  health?: string;
  cameras?: { active: number; total: number };
  queue?: { pending: number; processing: number };
  gpu?: { name?: string | null; utilization?: number | null } | null;
}

export function Overview() {
  const key = useStore(keyChanged);
  const reconnects = useReconnects('/ws/events');
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [system, setSystem] = useState<SystemStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const [c, e] = await Promise.all([api.GET('/api/cameras'), api.GET('/api/events', { params: { query: { limit: 20 } } })]);
      if (!c.data || !e.data) return setError(detailOf(c.error ?? e.error, 'Could not load the overview'));
      setError(null);
      setCameras(c.data.items ?? []);
      // Merged, not replaced: live items that arrived while this loaded stay, and each id shows once.
      setFeed((items) => mergeFeed(items, (e.data.items ?? []).map(toFeedItem)));
    })();
  }, [key, reconnects]);

  useLive(
    '/ws/events',
    useCallback((m: LiveMessage) => {
      if (m.type === 'event') {
        const item = m.data as FeedItem;
        setFeed((items) => mergeFeed(items, [item]));
      } else if (m.type === 'event.updated') {
        // An update names what changed, not the whole event: merge it into the item shown.
        const changed = m.data as Partial<FeedItem> & { id: number };
        setFeed((items) => items.map((i) => (i.id === changed.id ? { ...i, risk_level: changed.risk_level ?? i.risk_level, risk_score: changed.risk_score ?? i.risk_score } : i)));
      }
    }, []),
  );
  useLive(
    '/ws/system',
    useCallback((m: LiveMessage) => {
      if (m.type === 'system_status') setSystem(m.data as SystemStatus);
    }, []),
  );

  const lastEvent = (camera: string) => feed.find((f) => f.camera_id === camera);

  return (
    <Page title="Overview">
      <ErrorText message={error} />
      <section aria-labelledby="system-title" class="tile system" data-testid="system-tile">
        <h2 id="system-title">System</h2>
        {system ? (
          <dl class="facts">
            <dt>Health</dt>
            <dd data-testid="health">{system.health ?? '—'}</dd>
            <dt>Cameras online</dt>
            <dd>
              {system.cameras?.active ?? 0} of {system.cameras?.total ?? 0}
            </dd>
            <dt>Queue</dt>
            <dd>
              {system.queue?.pending ?? 0} waiting, {system.queue?.processing ?? 0} in analysis
            </dd>
            <dt>GPU</dt>
            <dd>{system.gpu?.name ?? 'none (CPU)'}</dd>
          </dl>
        ) : (
          <p class="muted">Waiting for the first status…</p>
        )}
      </section>

      <section aria-labelledby="cameras-title">
        <h2 id="cameras-title">Cameras</h2>
        {cameras.length === 0 ? <p class="muted">No cameras yet. Add one under Cameras.</p> : null}
        <ul class="tiles">
          {cameras.map((c) => {
            const last = lastEvent(c.id ?? '');
            return (
              <li key={c.id} class="tile camera" data-testid="camera-tile">
                {c.last_seen_at ? <img src={withKey(`/api/cameras/${encodeURIComponent(c.id ?? '')}/snapshot`)} alt={`Latest snapshot of ${c.name}`} loading="lazy" width={320} height={180} onError={(e) => (e.currentTarget.style.visibility = 'hidden')} /> : <div class="no-snapshot">No picture yet</div>}
                <h3>{c.name}</h3>
                <p>
                  <span class={`status status-${c.status}`}>{c.status}</span>
                  {last ? (
                    <>
                      {' · last event '}
                      <a href={`/events/${last.id}`}>{formatTime(last.started_at)}</a>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="feed-title">
        <h2 id="feed-title">Live events</h2>
        <ol class="feed" aria-live="polite" data-testid="feed">
          {feed.map((f) => (
            <li key={f.id} data-testid="feed-item" data-event-id={f.id}>
              <RiskBadge level={f.risk_level} score={f.risk_score} />
              <a href={`/events/${f.id}`}>
                {f.camera_id} · {formatTime(f.started_at)}
              </a>
              <span class="summary">{f.summary ?? 'Being analysed…'}</span>
            </li>
          ))}
        </ol>
        {feed.length === 0 ? <p class="muted">No events yet.</p> : null}
      </section>
    </Page>
  );
}

/** The feed with `incoming` merged in by id (the incoming version wins), newest first, capped. */
function mergeFeed(items: FeedItem[], incoming: FeedItem[]): FeedItem[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const i of incoming) byId.set(i.id, i);
  return [...byId.values()].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at) || b.id - a.id).slice(0, FEED_CAP);
}

function toFeedItem(e: EventItem): FeedItem {
  return { id: e.id!, camera_id: e.camera_id!, risk_level: e.risk_level, risk_score: e.risk_score, summary: e.summary, started_at: e.started_at! };
}
