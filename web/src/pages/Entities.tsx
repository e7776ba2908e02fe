import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, detailOf } from '../api/client';
import { keyChanged, withKey } from '../api/auth';
import type { components } from '../api/schema';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText, Loading, Page } from '../components/Page';
import { formatDateTime } from '../format';
import { useStore } from '../store';

type S = components['schemas'];
type EntitySummary = S['EntitySummary'];
type EntityDetail = S['EntityDetail'];
type TrustStatus = S['TrustStatus'];

const TRUST: Record<TrustStatus, string> = { unclassified: 'Unknown', trusted: 'Trusted', untrusted: 'Untrusted' };
// The reject route declares a body it never reads; none is sent, and this type-checks either way.
const NO_BODY = undefined as never;

export function Entities() {
  const { params } = useRoute();
  return params.id ? <EntityView id={params.id} /> : <EntityList />;
}

function TrustBadge({ status }: { status?: TrustStatus }) {
  const s = status ?? 'unclassified';
  return <span class={`trust trust-${s}`} data-testid="trust">{TRUST[s]}</span>;
}

function EntityList() {
  const key = useStore(keyChanged);
  const [type, setType] = useState('');
  const [trust, setTrust] = useState('');
  const [items, setItems] = useState<EntitySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const { data, error } = await api.GET('/api/entities', {
        params: { query: { limit: 200, entity_type: (type || undefined) as S['EntityType'] | undefined, trust_status: (trust || undefined) as TrustStatus | undefined } },
      });
      if (!data) return setError(detailOf(error, 'Could not load the entities'));
      setError(null);
      setItems(data.items ?? []);
    })();
  }, [key, type, trust]);

  return (
    <Page title="Entities">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">People and vehicles</option>
            <option value="person">People</option>
            <option value="vehicle">Vehicles</option>
          </select>
        </label>
        <label>
          Trust
          <select value={trust} onChange={(e) => setTrust(e.currentTarget.value)}>
            <option value="">Any</option>
            {Object.entries(TRUST).map(([v, l]) => (
              <option value={v}>{l}</option>
            ))}
          </select>
        </label>
      </form>
      <ErrorText message={error} />
      <section aria-labelledby="seen-title">
        <h2 id="seen-title">Seen</h2>
        {items === null ? <Loading /> : items.length === 0 ? <p class="muted">No people or vehicles seen yet.</p> : null}
        <ul class="tiles entities">
          {(items ?? []).map((e) => (
            <li key={e.id} class="tile entity" data-testid="entity" data-entity-id={e.id}>
              {e.thumbnail_url ? <img src={withKey(e.thumbnail_url)} alt={`Latest picture of this ${e.entity_type}`} loading="lazy" width={160} height={160} /> : <div class="no-snapshot">No picture</div>}
              <h3>
                <a href={`/entities/${e.id}`}>{e.plate ? `Vehicle ${e.plate}` : e.entity_type === 'vehicle' ? 'Vehicle' : 'Person'}</a>
              </h3>
              <p>
                <TrustBadge status={e.trust_status} />
              </p>
              <dl class="facts">
                <dt>Seen</dt>
                <dd data-testid="appearance-count">{e.appearance_count} times</dd>
                <dt>First</dt>
                <dd>{formatDateTime(e.first_seen)}</dd>
                <dt>Last</dt>
                <dd>{formatDateTime(e.last_seen)}</dd>
                <dt>Cameras</dt>
                <dd>{(e.cameras_seen ?? []).join(', ') || '—'}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

function EntityView({ id }: { id: string }) {
  const key = useStore(keyChanged);
  const [entity, setEntity] = useState<EntityDetail | null>(null);
  const [others, setOthers] = useState<EntitySummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [trust, setTrust] = useState<TrustStatus>('unclassified');
  const [notes, setNotes] = useState('');
  const [mergeId, setMergeId] = useState('');
  const [confirm, setConfirm] = useState<null | { kind: 'merge' } | { kind: 'reject'; detection: string }>(null);

  const show = (e: EntityDetail) => {
    setEntity(e);
    setTrust(e.trust_status ?? 'unclassified');
    setNotes(e.trust_notes ?? '');
  };

  useEffect(() => {
    void (async () => {
      const { data, error } = await api.GET('/api/entities/{entity_id}', { params: { path: { entity_id: id } } });
      if (!data) return setError(detailOf(error, 'Could not load this entity'));
      setError(null);
      show(data);
      const list = await api.GET('/api/entities', { params: { query: { limit: 200, entity_type: data.entity_type } } });
      setOthers((list.data?.items ?? []).filter((o) => o.id !== id));
    })();
  }, [key, id]);

  const saveTrust = async (e: Event) => {
    e.preventDefault();
    if (!entity) return;
    const { data, error } = await api.PATCH('/api/entities/{entity_id}/trust', {
      params: { path: { entity_id: id } },
      body: { trust_status: trust, notes: notes || null, version: entity.version },
    });
    if (!data) return setError(detailOf(error, 'Could not change the trust'));
    setError(null);
    setEntity({ ...entity, trust_status: data.trust_status, trust_notes: data.trust_notes, trust_updated_at: data.trust_updated_at, version: data.version });
    setMessage(`Marked ${TRUST[data.trust_status ?? 'unclassified'].toLowerCase()}.`);
  };

  const merge = async () => {
    setConfirm(null);
    const { data, error } = await api.POST('/api/entities/{entity_id}/merge', { params: { path: { entity_id: id } }, body: { entity_id: mergeId, version: entity?.version } });
    if (!data) return setError(detailOf(error, 'Could not merge'));
    setError(null);
    show(data);
    setOthers((o) => o.filter((x) => x.id !== mergeId));
    setMergeId('');
    setMessage('Merged: its appearances are now this one’s.');
  };

  const reject = async (detection: string) => {
    setConfirm(null);
    const { data, error } = await api.POST('/api/entities/{entity_id}/appearances/{detection_id}/reject', {
      params: { path: { entity_id: id, detection_id: detection }, query: { version: entity?.version } },
      body: NO_BODY,
    });
    if (!data) return setError(detailOf(error, 'Could not remove the appearance'));
    setError(null);
    show(data);
    setMessage('Removed: that appearance will not match again.');
  };

  const name = entity ? (entity.plate ? `Vehicle ${entity.plate}` : entity.entity_type === 'vehicle' ? 'Vehicle' : 'Person') : 'Entity';
  return (
    <Page title={name} actions={<a href="/entities">All entities</a>}>
      <ErrorText message={error} />
      {message ? <p role="status" class="notice">{message}</p> : null}
      {!entity ? (
        error ? null : <Loading />
      ) : (
        <>
          <section aria-labelledby="about-title" class="tile">
            <h2 id="about-title">About</h2>
            <dl class="facts">
              <dt>Trust</dt>
              <dd>
                <TrustBadge status={entity.trust_status} />
              </dd>
              <dt>Seen</dt>
              <dd>{entity.appearance_count} times</dd>
              <dt>First</dt>
              <dd>{formatDateTime(entity.first_seen)}</dd>
              <dt>Last</dt>
              <dd>{formatDateTime(entity.last_seen)}</dd>
              <dt>Cameras</dt>
              <dd>{(entity.cameras_seen ?? []).join(', ') || '—'}</dd>
            </dl>
            <form class="inline" onSubmit={saveTrust} aria-label="Change trust">
              <label>
                Trust
                <select value={trust} onChange={(e) => setTrust(e.currentTarget.value as TrustStatus)} data-testid="trust-select">
                  {Object.entries(TRUST).map(([v, l]) => (
                    <option value={v}>{l}</option>
                  ))}
                </select>
              </label>
              <label>
                Notes
                <input value={notes} maxLength={500} onInput={(e) => setNotes(e.currentTarget.value)} />
              </label>
              <button type="submit">Save trust</button>
            </form>
          </section>

          <section aria-labelledby="appearances-title">
            <h2 id="appearances-title">Appearances</h2>
            <ul class="tiles appearances">
              {(entity.appearances ?? []).map((a) => (
                <li key={a.detection_id} class="tile" data-testid="appearance">
                  <img src={withKey(a.thumbnail_url ?? '')} alt={`Seen by ${a.camera_name} at ${formatDateTime(a.timestamp)}`} loading="lazy" width={160} height={160} />
                  <p>
                    {a.camera_name} · {formatDateTime(a.timestamp)}
                    {typeof a.similarity_score === 'number' ? ` · ${Math.round(a.similarity_score * 100)}% alike` : ''}
                  </p>
                  <button type="button" class="secondary" onClick={() => setConfirm({ kind: 'reject', detection: a.detection_id ?? '' })}>
                    Not this {entity.entity_type === 'vehicle' ? 'vehicle' : 'person'}
                  </button>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="merge-title">
            <h2 id="merge-title">Merge</h2>
            {others.length === 0 ? (
              <p class="muted">No other {entity.entity_type === 'vehicle' ? 'vehicle' : 'person'} to merge with.</p>
            ) : (
              <form class="inline" onSubmit={(e) => (e.preventDefault(), mergeId && setConfirm({ kind: 'merge' }))}>
                <label>
                  The same as
                  <select value={mergeId} onChange={(e) => setMergeId(e.currentTarget.value)} required>
                    <option value="">Choose…</option>
                    {others.map((o) => (
                      <option value={o.id}>
                        {o.plate ?? o.entity_type} · {o.appearance_count} times · last {formatDateTime(o.last_seen)}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit">Merge into this</button>
              </form>
            )}
          </section>
        </>
      )}
      {confirm?.kind === 'merge' ? (
        <ConfirmDialog title="Merge entities" message="The chosen entity's appearances move here and it is no longer listed." confirm="Merge" onConfirm={merge} onClose={() => setConfirm(null)} />
      ) : confirm?.kind === 'reject' ? (
        <ConfirmDialog title="Not this one" message="This appearance leaves the entity and will never match it again." confirm="Remove appearance" onConfirm={() => reject(confirm.detection)} onClose={() => setConfirm(null)} />
      ) : null}
    </Page>
  );
}
