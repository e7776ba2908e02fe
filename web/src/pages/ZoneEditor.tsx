import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, detailOf } from '../api/client';
import { keyChanged, withKey } from '../api/auth';
import type { components } from '../api/schema';
import type { Camera } from '../api/types';
import { ErrorText, Loading, Page } from '../components/Page';
import { LabelledField, NO_REFUSAL, refusalOf, type Refusal } from '../components/LabelledField';
import { useStore } from '../store';

type Zone = components['schemas']['ZoneResponse'];
type ZoneType = components['schemas']['ZoneType'];
type ZoneKind = components['schemas']['ZoneKind'];
/** [x, y] in 0–1 of the picture, (0, 0) top-left: the API's zone coordinates. */
type Point = [number, number];

const TYPE_LABEL: Record<ZoneType, string> = {
  entry_point: 'Entry point',
  driveway: 'Driveway',
  sidewalk: 'Sidewalk',
  walkway: 'Walkway',
  yard: 'Yard',
  restricted: 'Restricted',
  perimeter: 'Perimeter',
  other: 'Other',
};
const ZONE_TYPES = Object.keys(TYPE_LABEL) as ZoneType[];
const ZONE_FIELDS = ['name', 'zone_type', 'kind', 'coordinates', 'color', 'priority', 'enabled'] as const;
const DEFAULT_COLOR = '#3b82f6';
/** The frame drawn on before the camera has a picture: the common 16:9. */
const PLACEHOLDER_FRAME: Point = [1600, 900];

interface Draft {
  id: string | null;
  name: string;
  zone_type: ZoneType;
  kind: ZoneKind;
  color: string;
  priority: string;
  enabled: boolean;
  points: Point[];
}

/** Four decimals: a ten-thousandth of the picture, finer than a pixel of any camera's frame. */
function toUnit(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
}

function formatPoints(points: Point[]): string {
  return points.map(([x, y]) => `${x}, ${y}`).join('\n');
}

/** The points field: one `x, y` a line (or `;` between points); the problem as text when it does not read. */
function parsePoints(text: string): Point[] | string {
  const points: Point[] = [];
  const lines = text
    .split(/[\n;]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [x, y, ...rest] = line.split(/[\s,]+/).filter(Boolean).map(Number);
    if (x === undefined || y === undefined || rest.length || !Number.isFinite(x) || !Number.isFinite(y))
      return `Point ${i + 1} does not read as "x, y"`;
    points.push([x, y]);
  }
  return points;
}

function draftOf(zone: Zone): Draft {
  return {
    id: zone.id ?? null,
    name: zone.name ?? '',
    zone_type: zone.zone_type ?? 'other',
    kind: zone.kind ?? 'area',
    color: (zone.color ?? DEFAULT_COLOR).toLowerCase(),
    priority: String(zone.priority ?? 0),
    enabled: zone.enabled ?? true,
    points: (zone.coordinates ?? []).map((p) => [p[0] ?? 0, p[1] ?? 0]),
  };
}

const NEW_DRAFT: Draft = { id: null, name: '', zone_type: 'other', kind: 'area', color: DEFAULT_COLOR, priority: '0', enabled: true, points: [] };

export function ZoneEditor() {
  const cameraId = useRoute().params.id ?? '';
  const key = useStore(keyChanged);
  const [camera, setCamera] = useState<Camera | null>(null);
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [pointsText, setPointsText] = useState('');
  const [pointsProblem, setPointsProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal>(NO_REFUSAL);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const beforeDrawing = useRef<Point[]>([]);
  const nameInput = useRef<HTMLInputElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  // Focus follows what opened: the form's first field, the delete's safe choice.
  const openedId = draft ? (draft.id ?? 'new') : null;
  useEffect(() => {
    if (openedId) nameInput.current?.focus();
  }, [openedId]);
  useEffect(() => {
    if (confirmDelete) keepButton.current?.focus();
  }, [confirmDelete]);

  const load = useCallback(async () => {
    const path = { params: { path: { id: cameraId } } };
    const [c, z] = await Promise.all([api.GET('/api/cameras/{id}', path), api.GET('/api/cameras/{camera_id}/zones', { params: { path: { camera_id: cameraId } } })]);
    if (!c.data || !z.data) return setError(detailOf(c.error ?? z.error, 'Could not load the camera and its zones'));
    setError(null);
    setCamera(c.data);
    setZones(z.data.items ?? []);
  }, [cameraId]);

  useEffect(() => {
    void load();
  }, [key, load]);

  /** Points from the picture rewrite the points field; points typed into it leave the text as typed. */
  const setPoints = (points: Point[], typed = false) => {
    setDraft((d) => (d ? { ...d, points } : d));
    if (!typed) {
      setPointsText(formatPoints(points));
      setPointsProblem(null);
    }
  };

  const open = (next: Draft, draw: boolean) => {
    setDraft(next);
    setPointsText(formatPoints(next.points));
    setPointsProblem(null);
    setRefusal(NO_REFUSAL);
    setConfirmDelete(false);
    beforeDrawing.current = next.points;
    setDrawing(draw);
  };

  const close = () => {
    setDraft(null);
    setDrawing(false);
  };

  const needed = draft?.kind === 'line' ? 2 : 3;

  const startDrawing = () => {
    if (!draft) return;
    beforeDrawing.current = draft.points;
    setPoints([]);
    setDrawing(true);
  };

  const finishDrawing = () => {
    if (!draft) return;
    if (draft.points.length < needed) return setPointsProblem(`Add at least ${needed} points first`);
    setDrawing(false);
  };

  const cancelDrawing = () => {
    setPoints(beforeDrawing.current);
    setDrawing(false);
  };

  const addPoint = (p: Point) => {
    if (!draft || !drawing) return;
    if (draft.kind === 'line' && draft.points.length >= 2) return;
    const points = [...draft.points, p];
    setPoints(points);
    // A line is done at its second end.
    if (draft.kind === 'line' && points.length === 2) setDrawing(false);
  };

  const movePoint = (index: number, p: Point) => {
    if (!draft) return;
    setPoints(draft.points.map((q, i) => (i === index ? p : q)));
  };

  // While drawing, Enter closes the outline and Escape cancels, wherever the focus is (but on a button,
  // whose own Enter is its click, or in the points field, where Enter is a new line).
  useEffect(() => {
    if (!drawing) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === 'Escape') {
        e.preventDefault();
        cancelDrawing();
      } else if (e.key === 'Enter' && !(target instanceof HTMLButtonElement) && !(target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        finishDrawing();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  });

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    const priority = Number(draft.priority);
    const local: Record<string, string> = {};
    if (pointsProblem) local.coordinates = pointsProblem;
    if (draft.priority.trim() === '' || !Number.isInteger(priority)) local.priority = 'priority must be a whole number from 0 to 100';
    if (Object.keys(local).length) return setRefusal({ fields: local, message: null });
    setBusy(true);
    setDrawing(false);
    const body = {
      name: draft.name.trim(),
      zone_type: draft.zone_type,
      kind: draft.kind,
      coordinates: draft.points,
      color: draft.color,
      priority,
      enabled: draft.enabled,
      // An area is saved as a polygon: any outline drawn, a rectangle or not.
      ...(draft.kind === 'area' ? { shape: 'polygon' as const } : {}),
    };
    const result = draft.id
      ? await api.PUT('/api/cameras/{camera_id}/zones/{zone_id}', { params: { path: { camera_id: cameraId, zone_id: draft.id } }, body })
      : await api.POST('/api/cameras/{camera_id}/zones', { params: { path: { camera_id: cameraId } }, body });
    setBusy(false);
    if (!result.data) return setRefusal(refusalOf(result.error, result.response.status, ZONE_FIELDS));
    setNotice(`Zone ${result.data.name} saved.`);
    close();
    await load();
  };

  const remove = async () => {
    if (!draft?.id) return;
    // The spec gives this DELETE a body (its route DTO, reported to the OpenAPI work); an empty one satisfies it.
    const { error: refused, response } = await api.DELETE('/api/cameras/{camera_id}/zones/{zone_id}', {
      params: { path: { camera_id: cameraId, zone_id: draft.id } },
      body: {},
    });
    if (!response.ok) return setRefusal({ fields: {}, message: detailOf(refused, `Could not delete (${response.status})`) });
    setNotice(`Zone ${draft.name} deleted.`);
    close();
    await load();
  };

  const update = (change: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...change } : d));
  const title = camera ? `Zones of ${camera.name}` : 'Zones';

  return (
    <Page title={title} actions={<a href="/cameras">All cameras</a>}>
      <ErrorText message={error} />
      <p class="notice" role="status" data-testid="zone-notice">
        {notice}
      </p>
      {!camera && !error ? <Loading /> : null}
      {camera ? (
        <div class="zone-layout">
          <section aria-labelledby="picture-title">
            <h2 id="picture-title">Picture</h2>
            <ZoneCanvas
              camera={camera}
              zones={zones ?? []}
              draft={draft}
              drawing={drawing}
              onAdd={addPoint}
              onMove={movePoint}
            />
            {!draft ? (
              <p class="muted">Choose “New zone” to draw one, or “Edit” on a zone to move its points.</p>
            ) : (
              <p class="muted" aria-live="polite" data-testid="drawing-help">
                {drawing
                  ? draft.kind === 'line'
                    ? `Drawing a line: click its two ends on the picture (${draft.points.length} of 2). Escape cancels.`
                    : `Drawing: click on the picture to add points (${draft.points.length} so far). Enter or “Finish outline” closes it; Escape cancels.`
                  : 'Drag a point on the picture to move it, or edit the points field.'}
              </p>
            )}
          </section>

          <div class="zone-side">
            {draft ? (
              <section aria-labelledby="zone-form-title" class="tile">
                <h2 id="zone-form-title">{draft.id ? `Edit zone ${draft.name}` : 'New zone'}</h2>
                <div class="actions drawing-actions">
                  {drawing ? (
                    <>
                      <button type="button" onClick={finishDrawing} disabled={draft.points.length < needed}>
                        Finish outline
                      </button>
                      <button type="button" class="secondary" onClick={() => setPoints(draft.points.slice(0, -1))} disabled={draft.points.length === 0}>
                        Undo last point
                      </button>
                      <button type="button" class="secondary" onClick={cancelDrawing}>
                        Cancel drawing
                      </button>
                    </>
                  ) : (
                    <button type="button" class="secondary" onClick={startDrawing}>
                      Redraw on the picture
                    </button>
                  )}
                </div>
                <form class="zone-form" onSubmit={save} noValidate data-testid="zone-form">
                  <LabelledField id="zone-name" label="Name" error={refusal.fields.name}>
                    {(control) => <input {...control} value={draft.name} onInput={(e) => update({ name: e.currentTarget.value })} autoComplete="off" ref={nameInput} />}
                  </LabelledField>
                  <LabelledField id="zone-type" label="Type" error={refusal.fields.zone_type}>
                    {(control) => (
                      <select {...control} value={draft.zone_type} onChange={(e) => update({ zone_type: e.currentTarget.value as ZoneType })}>
                        {ZONE_TYPES.map((t) => (
                          <option key={t} value={t}>
                            {TYPE_LABEL[t]}
                          </option>
                        ))}
                      </select>
                    )}
                  </LabelledField>
                  <LabelledField id="zone-kind" label="Kind" hint="An area holds what stands in it; a line (2 points) counts crossings." error={refusal.fields.kind}>
                    {(control) => (
                      <select {...control} value={draft.kind} onChange={(e) => update({ kind: e.currentTarget.value as ZoneKind })}>
                        <option value="area">Area</option>
                        <option value="line">Line</option>
                      </select>
                    )}
                  </LabelledField>
                  <LabelledField id="zone-priority" label="Priority" hint="0–100; higher wins where zones overlap." error={refusal.fields.priority}>
                    {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={100} step={1} value={draft.priority} onInput={(e) => update({ priority: e.currentTarget.value })} />}
                  </LabelledField>
                  <LabelledField id="zone-color" label="Colour" hint={draft.color} error={refusal.fields.color}>
                    {(control) => <input {...control} type="color" value={draft.color} onInput={(e) => update({ color: e.currentTarget.value })} />}
                  </LabelledField>
                  <label class="check">
                    <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} /> Enabled
                  </label>
                  <LabelledField
                    id="zone-points"
                    label="Points"
                    hint="One point a line as x, y from 0 to 1; 0, 0 is the top-left corner."
                    error={refusal.fields.coordinates ?? pointsProblem ?? undefined}
                  >
                    {(control) => (
                      <textarea
                        {...control}
                        rows={5}
                        spellcheck={false}
                        value={pointsText}
                        onInput={(e) => {
                          const text = e.currentTarget.value;
                          setPointsText(text);
                          setDrawing(false);
                          const parsed = parsePoints(text);
                          if (typeof parsed === 'string') return setPointsProblem(parsed);
                          setPointsProblem(null);
                          setPoints(parsed, true);
                        }}
                      />
                    )}
                  </LabelledField>
                  <div class="actions">
                    <button type="submit" disabled={busy}>
                      Save zone
                    </button>
                    <button type="button" class="secondary" onClick={close}>
                      Close
                    </button>
                    {draft.id && !confirmDelete ? (
                      <button type="button" class="secondary" onClick={() => setConfirmDelete(true)}>
                        Delete zone
                      </button>
                    ) : null}
                  </div>
                  {confirmDelete ? (
                    <div class="confirm" role="group" aria-label="Delete this zone?">
                      <p>Delete zone {draft.name}? This cannot be undone.</p>
                      <div class="actions">
                        <button type="button" class="danger" onClick={remove}>
                          Delete
                        </button>
                        <button type="button" class="secondary" onClick={() => setConfirmDelete(false)} ref={keepButton}>
                          Keep
                        </button>
                      </div>
                    </div>
                  ) : null}
                  {refusal.message ? (
                    <p class="error form-error" role="alert" data-testid="zone-refusal">
                      {refusal.message}
                    </p>
                  ) : null}
                </form>
              </section>
            ) : null}

            <section aria-labelledby="zone-list-title">
              <div class="section-head">
                <h2 id="zone-list-title">Zones</h2>
                <button type="button" onClick={() => open(NEW_DRAFT, true)}>
                  New zone
                </button>
              </div>
              {zones?.length === 0 ? <p class="muted">No zones yet.</p> : null}
              <ul class="zone-list" data-testid="zone-list">
                {(zones ?? []).map((z) => (
                  <li key={z.id} data-testid="zone-item" data-zone-id={z.id} class={draft?.id === z.id ? 'selected' : undefined}>
                    <span class="swatch" style={{ background: z.color }} aria-hidden="true" />
                    <span class="zone-text">
                      <strong>{z.name}</strong>
                      <span class="muted">
                        {TYPE_LABEL[z.zone_type ?? 'other']} · {z.kind === 'line' ? 'line' : 'area'} · priority {z.priority ?? 0} · {z.color}
                        {z.enabled === false ? ' · disabled' : ''}
                      </span>
                    </span>
                    <button type="button" class="secondary" onClick={() => open(draftOf(z), false)}>
                      Edit<span class="visually-hidden"> zone {z.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </div>
      ) : null}
    </Page>
  );
}

/**
 * The camera's picture with the zones drawn over it in an SVG of the picture's own size, so a click's
 * place on it is the point's place in the picture. A camera without media gets a 16:9 placeholder
 * instead of a snapshot request that could only answer 404.
 */
function ZoneCanvas({
  camera,
  zones,
  draft,
  drawing,
  onAdd,
  onMove,
}: {
  camera: Camera;
  zones: Zone[];
  draft: Draft | null;
  drawing: boolean;
  onAdd: (p: Point) => void;
  onMove: (index: number, p: Point) => void;
}) {
  const hasPicture = !!camera.last_seen_at;
  const [frame, setFrame] = useState<Point>(PLACEHOLDER_FRAME);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef<number | null>(null);
  const [w, h] = frame;
  const handle = Math.max(w, h) * 0.011;

  const pointAt = (e: MouseEvent): Point => {
    const box = svg.current!.getBoundingClientRect();
    return [toUnit((e.clientX - box.left) / box.width), toUnit((e.clientY - box.top) / box.height)];
  };
  const at = (p: number[]) => `${(p[0] ?? 0) * w},${(p[1] ?? 0) * h}`;

  const shapeOf = (points: number[][], kind: ZoneKind | undefined, color: string, cls: string, closed: boolean) =>
    kind === 'line' || !closed ? (
      <polyline class={cls} points={points.map(at).join(' ')} stroke={color} fill="none" vector-effect="non-scaling-stroke" />
    ) : (
      <polygon class={cls} points={points.map(at).join(' ')} stroke={color} fill={color} vector-effect="non-scaling-stroke" />
    );

  return (
    <div class="zone-canvas" data-testid="zone-canvas-frame" data-snapshot={hasPicture && !failed ? (loaded ? 'loaded' : 'loading') : 'none'}>
      {hasPicture && !failed ? (
        <img
          src={withKey(`/api/cameras/${encodeURIComponent(camera.id ?? '')}/snapshot`)}
          alt={`Latest snapshot of ${camera.name}`}
          onLoad={(e) => {
            setFrame([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight]);
            setLoaded(true);
          }}
          onError={() => setFailed(true)}
        />
      ) : (
        <div class="zone-placeholder">No picture from this camera yet</div>
      )}
      <svg
        ref={svg}
        class={drawing ? 'drawing' : undefined}
        data-testid="zone-canvas"
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${zones.length} zone${zones.length === 1 ? '' : 's'} drawn over the picture`}
        onClick={(e) => {
          if (drawing) onAdd(pointAt(e));
        }}
        onPointerMove={(e) => {
          if (dragging.current !== null) onMove(dragging.current, pointAt(e));
        }}
        onPointerUp={() => (dragging.current = null)}
        onPointerCancel={() => (dragging.current = null)}
      >
        {zones
          .filter((z) => z.id !== draft?.id)
          .map((z) => (
            <g key={z.id}>{shapeOf(z.coordinates ?? [], z.kind, z.color ?? DEFAULT_COLOR, 'zone-shape', true)}</g>
          ))}
        {draft ? (
          <g data-testid="draft-shape">
            {shapeOf(draft.points, draft.kind, draft.color, 'zone-shape draft', !drawing)}
            {draft.points.map((p, i) => (
              <circle
                key={i}
                class="vertex"
                data-testid="vertex"
                cx={p[0] * w}
                cy={p[1] * h}
                r={handle}
                stroke={draft.color}
                vector-effect="non-scaling-stroke"
                onPointerDown={(e) => {
                  if (drawing) return;
                  e.preventDefault();
                  dragging.current = i;
                  svg.current?.setPointerCapture(e.pointerId);
                }}
              />
            ))}
          </g>
        ) : null}
      </svg>
    </div>
  );
}
