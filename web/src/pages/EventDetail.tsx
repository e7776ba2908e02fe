import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, detailOf } from '../api/client';
import { keyChanged, withKey } from '../api/auth';
import type { components } from '../api/schema';
import { ErrorText, Loading, Page } from '../components/Page';
import { RiskBadge } from '../components/Risk';
import { formatDateTime } from '../format';
import { useStore } from '../store';

type S = components['schemas'];
type EventItem = S['EventResponse'];
type Detection = S['DetectionResponse'];
type Enrichment = S['EnrichmentResponse'];
type HistoryEntry = S['StreamEventEntry'];
type Decision = S['AuditDecisionResponse'];
type RiskEntity = S['RiskEntity'];
type FeedbackKind = S['FeedbackKind'];

/** What a review sends: only these keys are accepted, and `version` makes a stale save a 409. */
interface ReviewBody {
  reviewed: boolean;
  flagged: boolean;
  notes: string | null;
  version: number;
}

interface ReviewDraft {
  reviewed: boolean;
  flagged: boolean;
  notes: string;
}

const draftOf = (e: EventItem): ReviewDraft => ({ reviewed: e.reviewed ?? false, flagged: e.flagged ?? false, notes: e.notes ?? '' });

export function EventDetail() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const key = useStore(keyChanged);
  const [event, setEvent] = useState<EventItem | null>(null);
  const [detections, setDetections] = useState<Detection[]>([]);
  const [enrichments, setEnrichments] = useState<Enrichment[]>([]);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [error, setError] = useState<string | null>(null);

  const loadEvent = useCallback(async () => {
    const r = await api.GET('/api/events/{event_id}', { params: { path: { event_id: id } } });
    if (!r.data) {
      setError(detailOf(r.error, `Could not load event ${id}`));
      return null;
    }
    setEvent(r.data);
    return r.data;
  }, [id]);

  const loadHistory = useCallback(async () => {
    const h = await api.GET('/api/events/{event_id}/history', { params: { path: { event_id: id }, query: { limit: 1000 } } });
    if (h.data) setHistory(h.data.items ?? []);
  }, [id]);

  useEffect(() => {
    setError(null);
    void (async () => {
      const path = { event_id: id };
      const found = await loadEvent();
      if (!found) return;
      const [d, en, a] = await Promise.all([
        api.GET('/api/events/{event_id}/detections', { params: { path } }),
        api.GET('/api/events/{event_id}/enrichments', { params: { path, query: { limit: 100 } } }),
        api.GET('/api/ai-audit/events/{event_id}', { params: { path } }),
        loadHistory(),
      ]);
      setDetections(d.data?.items ?? []);
      setEnrichments(en.data?.enrichments ?? []);
      setDecisions(a.data?.decisions ?? []);
    })();
  }, [id, key, loadEvent, loadHistory]);

  if (!event) {
    return (
      <Page title={`Event ${id}`}>
        {error ? <ErrorText message={error} /> : <Loading />}
      </Page>
    );
  }

  // The latest decision's inputs name the entity each detection was matched to, with its trust then.
  const entities = decisions.at(-1)?.inputs?.entities ?? [];

  return (
    <Page title={`Event ${event.id}`}>
      <div class="event-detail">
        <p class="muted">
          {event.camera_name ?? event.camera_id} · {formatDateTime(event.started_at)}
          {event.ended_at ? ` to ${formatDateTime(event.ended_at)}` : ''}
        </p>
        <ErrorText message={error} />
        <RiskSection event={event} />
        <Pictures detections={detections} />
        <Clips detections={detections} />
        <EnrichmentSection detections={detections} enrichments={enrichments} entities={entities} />
        <ReviewForm event={event} onSaved={(e) => (setEvent(e), void loadHistory())} reload={loadEvent} />
        <FeedbackSection eventId={id} />
        <HistorySection eventId={id} history={history} />
        <AuditSection decisions={decisions} />
      </div>
    </Page>
  );
}

function RiskSection({ event }: { event: EventItem }) {
  return (
    <section aria-labelledby="risk-title" class="tile">
      <h2 id="risk-title">Risk</h2>
      <p data-testid="risk">
        <RiskBadge level={event.risk_level ?? (event.risk_score == null ? 'pending' : null)} score={event.risk_score} />
        {event.is_fast_path ? <span class="muted"> · fast path</span> : null}
      </p>
      <dl class="facts">
        <dt>Summary</dt>
        <dd data-testid="summary">{event.summary ?? 'Being analysed…'}</dd>
        <dt>Reasoning</dt>
        <dd>{event.reasoning ?? '—'}</dd>
        {event.recommended_action ? (
          <>
            <dt>Recommended</dt>
            <dd>{event.recommended_action}</dd>
          </>
        ) : null}
        <dt>Objects</dt>
        <dd>{(event.object_types ?? []).join(', ') || '—'}</dd>
      </dl>
      {event.risk_factors?.length ? (
        <ul class="factors">
          {event.risk_factors.map((f) => (
            <li key={f.factor}>
              {f.points! > 0 ? '+' : ''}
              {f.points} {f.factor}: {f.description}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The detections of one picture (an image, or one sampled video frame). */
interface Shot {
  key: string;
  first: Detection;
  detections: Detection[];
}

function shotsOf(detections: Detection[]): Shot[] {
  const byKey = new Map<string, Shot>();
  for (const d of detections) {
    const key = `${d.file_path}@${d.frame_seconds ?? ''}`;
    const shot = byKey.get(key);
    if (shot) shot.detections.push(d);
    else byKey.set(key, { key, first: d, detections: [d] });
  }
  return [...byKey.values()];
}

const labelOf = (d: Detection) => `${d.object_type} ${Math.round((d.confidence ?? 0) * 100)}%`;

function Pictures({ detections }: { detections: Detection[] }) {
  const shots = shotsOf(detections);
  return (
    <section aria-labelledby="pictures-title">
      <h2 id="pictures-title">Pictures</h2>
      {shots.length === 0 ? <p class="muted">No detections.</p> : null}
      <div class="shots">
        {shots.map((s) => (
          <ShotFigure key={s.key} shot={s} />
        ))}
      </div>
    </section>
  );
}

function ShotFigure({ shot }: { shot: Shot }) {
  const first = shot.first;
  // Boxes are in the original picture's pixels: a viewBox of that size scales them with the displayed image.
  const [size, setSize] = useState<{ w: number; h: number } | null>(
    first.video_width && first.video_height ? { w: first.video_width, h: first.video_height } : null,
  );
  return (
    <figure class="shot" data-testid="shot">
      <div class="shot-frame">
        <img
          src={withKey(`/api/detections/${first.id}/image?full=true`)}
          alt={`Picture from ${first.camera_id} at ${formatDateTime(first.detected_at)}`}
          onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
        />
        {size ? (
          <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" aria-hidden="true" data-testid="boxes">
            {shot.detections.map((d) => {
              const fontSize = Math.max(12, Math.round(size.w / 28));
              return (
                <g key={d.id}>
                  <rect data-testid="box" x={d.bbox_x} y={d.bbox_y} width={d.bbox_width} height={d.bbox_height} class="box" vector-effect="non-scaling-stroke" />
                  <text x={d.bbox_x} y={Math.max(fontSize, (d.bbox_y ?? 0) - 4)} font-size={fontSize} class="box-label">
                    {labelOf(d)}
                  </text>
                </g>
              );
            })}
          </svg>
        ) : null}
      </div>
      <figcaption>
        {shot.detections.map(labelOf).join(', ')}
        {first.frame_seconds != null ? ` · at ${first.frame_seconds.toFixed(1)} s` : ''}
      </figcaption>
    </figure>
  );
}

function Clips({ detections }: { detections: Detection[] }) {
  const clips = new Map<string, Detection[]>();
  for (const d of detections) if (d.media_type === 'video') clips.set(d.file_path ?? '', [...(clips.get(d.file_path ?? '') ?? []), d]);
  if (clips.size === 0) return null;
  return (
    <section aria-labelledby="clip-title">
      <h2 id="clip-title">Clip</h2>
      {[...clips].map(([path, ds]) => (ds[0] ? <Clip key={path} first={ds[0]} detections={ds} /> : null))}
    </section>
  );
}

function Clip({ first, detections }: { first: Detection; detections: Detection[] }) {
  const video = useRef<HTMLVideoElement>(null);
  const seek = (seconds: number) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = seconds;
    v.focus();
  };
  const moments = [...new Map(detections.filter((d) => d.frame_seconds != null).map((d) => [d.frame_seconds!, d])).values()];
  return (
    <div class="clip">
      <video ref={video} data-testid="clip" controls preload="metadata" src={withKey(`/api/detections/${first.id}/video`)} aria-label={`Clip from ${first.camera_id}`} />
      <p class="seek">
        {moments.map((d) => (
          <button type="button" class="secondary" key={d.id} onClick={() => seek(d.frame_seconds!)}>
            Go to {d.object_type} at {d.frame_seconds!.toFixed(1)} s
          </button>
        ))}
      </p>
    </div>
  );
}

function EnrichmentSection({ detections, enrichments, entities }: { detections: Detection[]; enrichments: Enrichment[]; entities: RiskEntity[] }) {
  return (
    <section aria-labelledby="enrichment-title">
      <h2 id="enrichment-title">Enrichment</h2>
      {detections.length === 0 ? <p class="muted">Nothing to enrich.</p> : null}
      <ul class="enrichments">
        {detections.map((d) => {
          const e = enrichments.find((x) => x.detection_id === d.id);
          const entity = entities.find((x) => x.detection_id === d.id);
          return (
            <li key={d.id} class="tile" data-testid="enrichment">
              <h3>
                {d.object_type} {Math.round((d.confidence ?? 0) * 100)}%
              </h3>
              <dl class="facts">
                {e?.license_plate?.detected ? (
                  <>
                    <dt>Plate</dt>
                    <dd data-testid="plate">{e.license_plate.text ?? 'unreadable'}</dd>
                  </>
                ) : null}
                {e?.face ? (
                  <>
                    <dt>Faces</dt>
                    <dd>{e.face.detected ? e.face.count : 'none visible'}</dd>
                  </>
                ) : null}
                {e?.vehicle?.type ? (
                  <>
                    <dt>Vehicle</dt>
                    <dd>{[e.vehicle.color, e.vehicle.type].filter(Boolean).join(' ')}</dd>
                  </>
                ) : null}
                {e?.pet?.detected ? (
                  <>
                    <dt>Pet</dt>
                    <dd>{[e.pet.type, e.pet.breed].filter(Boolean).join(', ')}</dd>
                  </>
                ) : null}
                {entity ? (
                  <>
                    <dt>Entity</dt>
                    <dd>
                      <a href={`/entities/${entity.entity_id}`}>{entity.entity_type === 'vehicle' ? (entity.plate ?? 'vehicle') : 'person'}</a>
                      {` · ${entity.trust_status ?? 'unclassified'} · seen ${entity.times_seen ?? 1}×${entity.is_new ? ' (new)' : ''}`}
                    </dd>
                  </>
                ) : null}
                <dt>Status</dt>
                <dd>{e?.enrichment_status?.status ?? d.enrichment_status?.status ?? 'pending'}</dd>
              </dl>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ReviewForm({ event, onSaved, reload }: { event: EventItem; onSaved: (e: EventItem) => void; reload: () => Promise<EventItem | null> }) {
  const [draft, setDraft] = useState<ReviewDraft>(draftOf(event));
  const [rejected, setRejected] = useState<ReviewDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setDraft(draftOf(event)), [event.version]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setError(null);
    const body: ReviewBody = { reviewed: draft.reviewed, flagged: draft.flagged, notes: draft.notes || null, version: event.version ?? 0 };
    const r = await api.PATCH('/api/events/{event_id}', { params: { path: { event_id: String(event.id ?? '') } }, body });
    setBusy(false);
    if (r.data) {
      setRejected(null);
      setMessage('Review saved.');
      onSaved(r.data);
    } else if (r.response.status === 409) {
      // Someone saved first: show what is stored now and keep the draft aside, so nothing is overwritten unasked.
      setRejected(draft);
      await reload();
    } else setError(detailOf(r.error, 'Could not save the review'));
  };

  return (
    <section aria-labelledby="review-title" class="tile">
      <h2 id="review-title">Review</h2>
      {rejected ? (
        <div class="conflict" role="alert" data-testid="conflict">
          <p>
            <strong>Changed by someone else.</strong> Your review was not saved; the form shows the event as it is stored now (version {event.version}).
          </p>
          <button type="button" class="secondary" onClick={() => (setDraft(rejected), setRejected(null))}>
            Re-apply my changes
          </button>
        </div>
      ) : null}
      <form class="review" onSubmit={save}>
        <label class="check">
          <input type="checkbox" checked={draft.reviewed} onChange={(e) => setDraft({ ...draft, reviewed: e.currentTarget.checked })} />
          Reviewed
        </label>
        <label class="check">
          <input type="checkbox" checked={draft.flagged} onChange={(e) => setDraft({ ...draft, flagged: e.currentTarget.checked })} />
          Flagged
        </label>
        <label>
          Notes
          <textarea rows={3} value={draft.notes} onInput={(e) => setDraft({ ...draft, notes: e.currentTarget.value })} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Save review
          </button>
        </div>
        {message ? (
          <p role="status" class="muted">
            {message}
          </p>
        ) : null}
        <ErrorText message={error} />
      </form>
    </section>
  );
}

const FEEDBACK: [FeedbackKind, string][] = [
  ['correct', 'Correct'],
  ['false_positive', 'False positive'],
  ['missed_threat', 'Missed threat'],
];

function FeedbackSection({ eventId }: { eventId: string }) {
  const [given, setGiven] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (kind: FeedbackKind, label: string) => {
    setError(null);
    const r = await api.POST('/api/events/{event_id}/feedback', { params: { path: { event_id: eventId } }, body: { feedback_type: kind } });
    if (r.data) setGiven(label);
    else setError(detailOf(r.error, 'Could not send the feedback'));
  };
  return (
    <section aria-labelledby="feedback-title">
      <h2 id="feedback-title">Feedback</h2>
      <p class="muted">Was the risk right? Feedback tunes the risk thresholds.</p>
      <div class="actions start">
        {FEEDBACK.map(([kind, label]) => (
          <button type="button" class="secondary" key={kind} onClick={() => void send(kind, label)}>
            {label}
          </button>
        ))}
      </div>
      {given ? (
        <p role="status" data-testid="feedback-given">
          Thanks: recorded as {given.toLowerCase()}.
        </p>
      ) : null}
      <ErrorText message={error} />
    </section>
  );
}

const typeName = (t: string | undefined) => (t ?? '').replace(/_/g, ' ');

function HistorySection({ eventId, history }: { eventId: string; history: HistoryEntry[] }) {
  const [index, setIndex] = useState<number | null>(null);
  const [then, setThen] = useState<EventItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = index ?? history.length - 1;

  const travel = async (i: number) => {
    setIndex(i);
    const timestamp = history[i]?.timestamp;
    if (!timestamp) return;
    const r = await api.GET('/api/events/{event_id}', { params: { path: { event_id: eventId }, query: { as_of: timestamp } } });
    if (r.data) setThen(r.data);
    setError(r.data ? null : detailOf(r.error, 'Could not read the event at that time'));
  };

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history.length > 0 ? (
        <div class="tile travel">
          <label>
            Show the event as it was at step {at + 1} of {history.length}
            <input
              type="range"
              min={0}
              max={history.length - 1}
              step={1}
              value={at}
              data-testid="time-travel"
              aria-valuetext={`${typeName(history[at]?.type)}, ${formatDateTime(history[at]?.timestamp)}`}
              onInput={(e) => void travel(Number(e.currentTarget.value))}
            />
          </label>
          {then && index !== null ? (
            <dl class="facts" data-testid="as-of-state" aria-live="polite">
              <dt>As of</dt>
              <dd>{formatDateTime(history[index]?.timestamp)}</dd>
              <dt>Version</dt>
              <dd data-testid="as-of-version">{then.version}</dd>
              <dt>Risk</dt>
              <dd>
                <RiskBadge level={then.risk_level ?? (then.risk_score == null ? 'pending' : null)} score={then.risk_score} />
              </dd>
              <dt>Reviewed</dt>
              <dd data-testid="as-of-reviewed">{then.reviewed ? 'yes' : 'no'}</dd>
              <dt>Flagged</dt>
              <dd>{then.flagged ? 'yes' : 'no'}</dd>
              <dt>Notes</dt>
              <dd data-testid="as-of-notes">{then.notes || '—'}</dd>
            </dl>
          ) : (
            <p class="muted">Move the slider to see an earlier state.</p>
          )}
          <ErrorText message={error} />
        </div>
      ) : null}
      <div class="table-wrap" tabIndex={0}>
        <table>
          <caption class="muted">Every change to this event, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Change</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.sequence} data-testid="history-entry">
                <td>{h.version}</td>
                <td>{typeName(h.type)}</td>
                <td>{formatDateTime(h.timestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AuditSection({ decisions }: { decisions: Decision[] }) {
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">AI audit</h2>
      {decisions.length === 0 ? <p class="muted">No risk decision recorded yet.</p> : null}
      <ol class="audit">
        {decisions.map((d) => (
          <li key={`${d.version}-${d.decided_at}`} class="tile" data-testid="audit-decision">
            <p>
              <RiskBadge level={d.risk_level} score={d.risk_score} /> {typeName(d.kind)} by {d.analyzer}
              {d.model ? ` (${d.model}${d.model_version ? ' ' + d.model_version : ''})` : ''} · {formatDateTime(d.decided_at)}
            </p>
            <dl class="facts">
              <dt>Trigger</dt>
              <dd>{typeName(d.trigger)}</dd>
              {d.previous_level ? (
                <>
                  <dt>Before</dt>
                  <dd>
                    {d.previous_level} {d.previous_score}
                  </dd>
                </>
              ) : null}
              <dt>Thresholds</dt>
              <dd>
                low {d.thresholds?.low_threshold}, medium {d.thresholds?.medium_threshold}, high {d.thresholds?.high_threshold} (calibration v{d.calibration_version})
              </dd>
              {d.fallback ? (
                <>
                  <dt>Fallback</dt>
                  <dd>{d.error ?? 'yes'}</dd>
                </>
              ) : null}
              <dt>Summary</dt>
              <dd>{d.summary}</dd>
            </dl>
            {d.raw_output ? (
              <details>
                <summary>Raw output</summary>
                <pre>{d.raw_output}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
