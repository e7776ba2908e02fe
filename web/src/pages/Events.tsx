import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, detailOf } from '../api/client';
import { keyChanged, withKey } from '../api/auth';
import type { Camera, EventItem } from '../api/types';
import type { components } from '../api/schema';
import { ErrorText, Loading, Page } from '../components/Page';
import { RiskBadge } from '../components/Risk';
import { formatDateTime } from '../format';
import { useStore } from '../store';

type Zone = components['schemas']['ZoneResponse'];
type SearchResult = components['schemas']['SearchResult'];

const PAGE_SIZE = 50;
const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
/** The URL query keys the page keeps its state in, so a reload or a shared link shows the same list. */
const KEYS = ['q', 'camera_id', 'risk_level', 'reviewed', 'object_type', 'zone_id', 'from', 'to'] as const;
type Filters = Record<(typeof KEYS)[number], string>;

interface Row {
  id: number;
  camera: string;
  started_at?: string;
  risk_level?: string | null;
  risk_score?: number | null;
  summary?: string | null;
  object_types: string[];
  reviewed: boolean;
  flagged: boolean;
}

function filtersOf(query: Record<string, string>): Filters {
  return Object.fromEntries(KEYS.map((k) => [k, query[k] ?? ''])) as Filters;
}

/** A date input's day as the start or the end of that local day, in ISO form. */
function dayBound(day: string, end: boolean): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return (end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d)).toISOString();
}

/** The filters the list and the export share, in the API's names. */
function listQuery(f: Filters) {
  return {
    camera_id: f.camera_id || undefined,
    risk_level: f.risk_level || undefined,
    reviewed: f.reviewed === 'yes' ? true : f.reviewed === 'no' ? false : undefined,
    object_type: f.object_type || undefined,
    zone_id: f.zone_id || undefined,
    start_date: f.from ? dayBound(f.from, false) : undefined,
    end_date: f.to ? dayBound(f.to, true) : undefined,
  };
}

function exportUrl(f: Filters): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(listQuery(f))) if (v !== undefined) params.set(k, String(v));
  return `/api/events/export?${params}`;
}

function fromEvent(e: EventItem): Row {
  return {
    id: e.id ?? 0,
    camera: e.camera_name ?? e.camera_id ?? '',
    started_at: e.started_at,
    risk_level: e.risk_level,
    risk_score: e.risk_score,
    summary: e.summary,
    object_types: e.object_types ?? [],
    reviewed: e.reviewed ?? false,
    flagged: e.flagged ?? false,
  };
}

function fromSearch(r: SearchResult): Row {
  return {
    id: r.id ?? 0,
    camera: r.camera_name ?? r.camera_id ?? '',
    started_at: r.started_at,
    risk_level: r.risk_level,
    risk_score: r.risk_score,
    summary: r.summary,
    object_types: (r.object_types ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    reviewed: r.reviewed ?? false,
    flagged: false,
  };
}

/** Where the next page starts: the list's cursor, or the search's offset. */
type More = { cursor: string } | { offset: number } | null;

export function Events() {
  const { path, query, route } = useLocation();
  const key = useStore(keyChanged);
  const filters = filtersOf(query);
  const filterKey = JSON.stringify(filters);
  const badDates = Boolean(filters.from && filters.to && filters.from > filters.to);

  const [cameras, setCameras] = useState<Camera[]>([]);
  const [zones, setZones] = useState<Zone[]>([]);
  const [objectTypes, setObjectTypes] = useState<string[]>([]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [more, setMore] = useState<More>(null);
  const [error, setError] = useState<string | null>(null);
  const [words, setWords] = useState(filters.q);
  // Answers to an older filter arrive late sometimes: only the latest request may fill the list.
  const generation = useRef(0);

  const setFilter = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    const params = new URLSearchParams();
    for (const k of KEYS) if (next[k]) params.set(k, next[k]);
    const qs = params.toString();
    route(qs ? `${path}?${qs}` : path, true);
  };

  useEffect(() => {
    void (async () => {
      const [c, s] = await Promise.all([api.GET('/api/cameras'), api.GET('/api/detections/stats')]);
      if (c.data) setCameras(c.data.items ?? []);
      if (s.data) setObjectTypes(Object.keys(s.data.detections_by_class ?? {}).sort());
    })();
  }, [key]);

  useEffect(() => {
    if (!filters.camera_id) return setZones([]);
    void (async () => {
      const z = await api.GET('/api/cameras/{camera_id}/zones', { params: { path: { camera_id: filters.camera_id } } });
      setZones(z.data?.items ?? []);
    })();
  }, [filters.camera_id, key]);

  useEffect(() => setWords(filters.q), [filters.q]);

  const load = async (from: More) => {
    const mine = ++generation.current;
    if (badDates) return;
    const f = filters;
    if (f.q) {
      const offset = from && 'offset' in from ? from.offset : 0;
      const { reviewed, camera_id, risk_level, object_type, start_date, end_date } = listQuery(f);
      const r = await api.GET('/api/events/search', {
        params: { query: { q: f.q, camera_id, risk_level, object_type, reviewed, start_date, end_date, limit: PAGE_SIZE, offset } },
      });
      if (mine !== generation.current) return;
      if (!r.data) return setError(detailOf(r.error, 'Could not search the events'));
      const found = (r.data.results ?? []).map(fromSearch);
      const count = r.data.total_count ?? 0;
      setRows((old) => (offset > 0 ? [...(old ?? []), ...found] : found));
      setTotal(count);
      setMore(offset + found.length < count ? { offset: offset + found.length } : null);
    } else {
      const cursor = from && 'cursor' in from ? from.cursor : undefined;
      const r = await api.GET('/api/events', { params: { query: { ...listQuery(f), limit: PAGE_SIZE, cursor } } });
      if (mine !== generation.current) return;
      if (!r.data) return setError(detailOf(r.error, 'Could not load the events'));
      const page = (r.data.items ?? []).map(fromEvent);
      setRows((old) => (cursor ? [...(old ?? []), ...page] : page));
      // With a cursor the API skips the count: the first page's total stands.
      if (!cursor) setTotal(r.data.pagination?.total ?? page.length);
      const next = r.data.pagination?.next_cursor;
      setMore(r.data.pagination?.has_more && next ? { cursor: next } : null);
    }
    setError(null);
  };

  useEffect(() => {
    setRows(null);
    setMore(null);
    void load(null);
  }, [filterKey, key]);

  const search = (e: Event) => {
    e.preventDefault();
    setFilter({ q: words.trim() });
  };
  const active = KEYS.filter((k) => k !== 'q' && filters[k]).length;
  const cameraName = (id: string) => cameras.find((c) => c.id === id)?.name ?? id;

  return (
    <Page
      title="Events"
      actions={
        <a class="button" href={withKey(exportUrl(filters))} download data-testid="export">
          Export CSV
        </a>
      }
    >
      <form class="search" role="search" onSubmit={search}>
        <label>
          Search summaries, reasoning, objects and cameras
          <input type="search" name="q" value={words} onInput={(e) => setWords(e.currentTarget.value)} placeholder='person -cat, "front door"' />
        </label>
        <button type="submit">Search</button>
        {filters.q ? (
          <button type="button" class="secondary" onClick={() => setFilter({ q: '' })}>
            Clear search
          </button>
        ) : null}
      </form>

      <details class="filter-panel" open data-testid="filters">
        <summary>Filters{active ? ` (${active} set)` : ''}</summary>
        <div class="filters">
          <label>
            Camera
            <select name="camera_id" value={filters.camera_id} onChange={(e) => setFilter({ camera_id: e.currentTarget.value, zone_id: '' })}>
              <option value="">All cameras</option>
              {filters.camera_id && !cameras.some((c) => c.id === filters.camera_id) ? <option value={filters.camera_id}>{filters.camera_id}</option> : null}
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Risk level
            <select name="risk_level" value={filters.risk_level} onChange={(e) => setFilter({ risk_level: e.currentTarget.value })}>
              <option value="">Any risk</option>
              {RISK_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l[0]!.toUpperCase() + l.slice(1)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Reviewed
            <select name="reviewed" value={filters.reviewed} onChange={(e) => setFilter({ reviewed: e.currentTarget.value })}>
              <option value="">Any</option>
              <option value="yes">Reviewed</option>
              <option value="no">Not reviewed</option>
            </select>
          </label>
          <label>
            Object type
            <select name="object_type" value={filters.object_type} onChange={(e) => setFilter({ object_type: e.currentTarget.value })}>
              <option value="">Any object</option>
              {filters.object_type && !objectTypes.includes(filters.object_type) ? <option value={filters.object_type}>{filters.object_type}</option> : null}
              {objectTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <div class="field">
            <label>
              Zone
              <select
                name="zone_id"
                value={filters.zone_id}
                disabled={!filters.camera_id || Boolean(filters.q)}
                aria-describedby="zone-hint"
                onChange={(e) => setFilter({ zone_id: e.currentTarget.value })}
              >
                <option value="">Any zone</option>
                {zones.map((z) => (
                  <option key={z.id} value={z.id}>
                    {z.name}
                  </option>
                ))}
              </select>
            </label>
            <span id="zone-hint" class="hint">
              {filters.q ? 'Search does not filter by zone' : filters.camera_id ? `Zones of ${cameraName(filters.camera_id)}` : 'Choose a camera first'}
            </span>
          </div>
          <label>
            From
            <input type="date" name="from" value={filters.from} onChange={(e) => setFilter({ from: e.currentTarget.value })} />
          </label>
          <label>
            To
            <input type="date" name="to" value={filters.to} aria-invalid={badDates} aria-describedby={badDates ? 'to-error' : undefined} onChange={(e) => setFilter({ to: e.currentTarget.value })} />
          </label>
          {badDates ? (
            <span id="to-error" class="field-error">
              The end date is before the start date
            </span>
          ) : null}
          {active ? (
            <button type="button" class="secondary" onClick={() => setFilter(Object.fromEntries(KEYS.filter((k) => k !== 'q').map((k) => [k, ''])))}>
              Clear filters
            </button>
          ) : null}
        </div>
      </details>

      <ErrorText message={error} />
      <section aria-labelledby="results-title">
        <h2 id="results-title">{filters.q ? `Results for “${filters.q}”` : 'Matching events'}</h2>
        {rows === null ? (
          badDates ? null : <Loading />
        ) : (
          <>
            <p class="muted" role="status" data-testid="count">
              {rows.length === 0 ? 'No events match.' : `Showing ${rows.length} of ${Math.max(total ?? 0, rows.length)} events`}
              {filters.q ? ' (the export has the filters, not the search words)' : ''}
            </p>
            {rows.length ? <EventTable rows={rows} /> : null}
            {more ? (
              <button type="button" class="secondary" onClick={() => void load(more)}>
                Load more
              </button>
            ) : null}
          </>
        )}
      </section>
    </Page>
  );
}

function EventTable({ rows }: { rows: Row[] }) {
  return (
    <table class="events-table" data-testid="events">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Camera</th>
          <th scope="col">Risk</th>
          <th scope="col">Summary</th>
          <th scope="col">Objects</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="event-row" data-event-id={r.id}>
            <td data-label="Time">
              <a href={`/events/${r.id}`}>{formatDateTime(r.started_at)}</a>
            </td>
            <td data-label="Camera">{r.camera}</td>
            <td data-label="Risk">
              <RiskBadge level={r.risk_level} score={r.risk_score} />
            </td>
            <td data-label="Summary" class="summary">
              {r.summary ?? 'Being analysed…'}
            </td>
            <td data-label="Objects">{r.object_types.join(', ') || '—'}</td>
            <td data-label="Review">
              {r.reviewed ? 'Reviewed' : 'Not reviewed'}
              {r.flagged ? ' · Flagged' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
