import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, detailOf } from '../api/client';
import { keyChanged } from '../api/auth';
import type { Camera } from '../api/types';
import { ErrorText, Loading, Page } from '../components/Page';
import { LabelledField, NO_REFUSAL, refusalOf, type Refusal } from '../components/LabelledField';
import { formatDateTime } from '../format';
import { useStore } from '../store';

const CAMERA_FIELDS = ['name', 'folder_path'] as const;

interface CameraValues {
  name: string;
  folder_path: string;
}

/** What a create or change came to: nothing (done) or why not. */
type Outcome = Refusal | null;

export function Cameras() {
  const key = useStore(keyChanged);
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [deleted, setDeleted] = useState<Camera[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Said once after each action, in a live region: what the list now shows.
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    const [live, gone] = await Promise.all([api.GET('/api/cameras'), api.GET('/api/cameras/deleted')]);
    if (!live.data || !gone.data) return setError(detailOf(live.error ?? gone.error, 'Could not load the cameras'));
    setError(null);
    setCameras(live.data.items ?? []);
    setDeleted(gone.data.items ?? []);
  }, []);

  useEffect(() => {
    void load();
  }, [key, load]);

  const create = async (values: CameraValues): Promise<Outcome> => {
    const { data, error: refused, response } = await api.POST('/api/cameras', { body: values });
    if (!data) return refusalOf(refused, response.status, CAMERA_FIELDS);
    setNotice(`Camera ${data.name} added.`);
    await load();
    return null;
  };

  const change = async (camera: Camera, values: CameraValues): Promise<Outcome> => {
    // Only what changed is sent: a rename leaves the folder alone, and a move leaves the name.
    const body: { name?: string; folder_path?: string } = {};
    if (values.name !== camera.name) body.name = values.name;
    if (values.folder_path !== camera.folder_path) body.folder_path = values.folder_path;
    if (body.name === undefined && body.folder_path === undefined) return null;
    const { data, error: refused, response } = await api.PATCH('/api/cameras/{id}', { params: { path: { id: camera.id ?? '' } }, body });
    if (!data) return refusalOf(refused, response.status, CAMERA_FIELDS);
    setNotice(`Camera ${data.name} saved.`);
    await load();
    return null;
  };

  const remove = async (camera: Camera): Promise<string | null> => {
    const { error: refused, response } = await api.DELETE('/api/cameras/{id}', { params: { path: { id: camera.id ?? '' } } });
    if (!response.ok) return detailOf(refused, `Could not delete (${response.status})`);
    setNotice(`Camera ${camera.name} deleted. It can be restored below.`);
    await load();
    return null;
  };

  const restore = async (camera: Camera): Promise<string | null> => {
    const { data, error: refused, response } = await api.POST('/api/cameras/{id}/restore', { params: { path: { id: camera.id ?? '' } } });
    if (!data) return response.status === 409 ? `Conflict: ${detailOf(refused)}` : detailOf(refused, `Could not restore (${response.status})`);
    setNotice(`Camera ${data.name} restored.`);
    await load();
    return null;
  };

  return (
    <Page title="Cameras">
      <ErrorText message={error} />
      <p class="notice" role="status" data-testid="camera-notice">
        {notice}
      </p>

      <section aria-labelledby="add-camera-title" class="tile">
        <h2 id="add-camera-title">Add a camera</h2>
        <CameraForm idPrefix="new-camera" submitLabel="Add camera" onSubmit={create} resetOnSuccess />
      </section>

      <section aria-labelledby="camera-list-title">
        <h2 id="camera-list-title">Cameras</h2>
        {cameras === null && !error ? <Loading /> : null}
        {cameras?.length === 0 ? <p class="muted">No cameras yet: add one above, or create a folder under the camera root.</p> : null}
        <ul class="camera-list" data-testid="camera-list">
          {(cameras ?? []).map((c) => (
            <CameraCard key={c.id} camera={c} onChange={(v) => change(c, v)} onDelete={() => remove(c)} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="deleted-title">
        <h2 id="deleted-title">Deleted cameras</h2>
        {deleted.length === 0 ? <p class="muted">None.</p> : null}
        <ul class="camera-list" data-testid="deleted-list">
          {deleted.map((c) => (
            <DeletedCard key={c.id} camera={c} onRestore={() => restore(c)} />
          ))}
        </ul>
      </section>
    </Page>
  );
}

function CameraForm({
  idPrefix,
  initial = { name: '', folder_path: '' },
  submitLabel,
  onSubmit,
  onCancel,
  resetOnSuccess = false,
}: {
  idPrefix: string;
  initial?: CameraValues;
  submitLabel: string;
  onSubmit: (values: CameraValues) => Promise<Outcome>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}) {
  const [values, setValues] = useState(initial);
  const [refusal, setRefusal] = useState<Refusal>(NO_REFUSAL);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  // An edit form (one that can be cancelled) opens where it is wanted: the focus goes to its first field.
  useEffect(() => {
    if (onCancel) nameInput.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const outcome = await onSubmit({ name: values.name.trim(), folder_path: values.folder_path.trim() });
    setBusy(false);
    setRefusal(outcome ?? NO_REFUSAL);
    if (!outcome && resetOnSuccess) setValues(initial);
  };

  return (
    <form class="inline camera-form" onSubmit={submit} noValidate data-testid={`${idPrefix}-form`}>
      <LabelledField id={`${idPrefix}-name`} label="Name" error={refusal.fields.name}>
        {(control) => (
          <input {...control} value={values.name} onInput={(e) => setValues({ ...values, name: e.currentTarget.value })} autoComplete="off" ref={nameInput} />
        )}
      </LabelledField>
      <LabelledField id={`${idPrefix}-folder`} label="Folder" hint="Under the camera root; its last part is the camera's id." error={refusal.fields.folder_path}>
        {(control) => (
          <input {...control} value={values.folder_path} onInput={(e) => setValues({ ...values, folder_path: e.currentTarget.value })} autoComplete="off" spellcheck={false} />
        )}
      </LabelledField>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {refusal.message ? (
        <p class="error form-error" role="alert" data-testid={`${idPrefix}-refusal`}>
          {refusal.message}
        </p>
      ) : null}
    </form>
  );
}

function CameraCard({ camera, onChange, onDelete }: { camera: Camera; onChange: (v: CameraValues) => Promise<Outcome>; onDelete: () => Promise<string | null> }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [error, setError] = useState<string | null>(null);
  const id = camera.id ?? '';
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode === 'confirm-delete') keepButton.current?.focus();
  }, [mode]);

  const save = async (values: CameraValues) => {
    const outcome = await onChange(values);
    if (!outcome) setMode('view');
    return outcome;
  };

  return (
    <li class="tile camera-card" data-testid="camera-card" data-camera-id={id}>
      <h3>{camera.name}</h3>
      {mode === 'edit' ? (
        <CameraForm
          idPrefix={`edit-${id}`}
          initial={{ name: camera.name ?? '', folder_path: camera.folder_path ?? '' }}
          submitLabel="Save"
          onSubmit={save}
          onCancel={() => setMode('view')}
        />
      ) : (
        <dl class="facts">
          <dt>Id</dt>
          <dd>{id}</dd>
          <dt>Status</dt>
          <dd>
            <span class={`status status-${camera.status}`}>{camera.status}</span>
          </dd>
          <dt>Folder</dt>
          <dd class="path">{camera.folder_path}</dd>
          <dt>Last seen</dt>
          <dd>{camera.last_seen_at ? formatDateTime(camera.last_seen_at) : 'never'}</dd>
        </dl>
      )}
      {mode === 'confirm-delete' ? (
        <div class="confirm" role="group" aria-label={`Delete ${camera.name}?`}>
          <p>Delete {camera.name}? It stops being watched; you can restore it later.</p>
          <div class="actions">
            <button
              type="button"
              class="danger"
              onClick={async () => {
                setError(await onDelete());
              }}
            >
              Delete camera
            </button>
            <button type="button" class="secondary" onClick={() => setMode('view')} ref={keepButton}>
              Keep
            </button>
          </div>
        </div>
      ) : null}
      {mode === 'view' ? (
        <div class="actions">
          <a class="button-link" href={`/cameras/${encodeURIComponent(id)}/zones`}>
            Zones<span class="visually-hidden"> of {camera.name}</span>
          </a>
          <button type="button" class="secondary" onClick={() => setMode('edit')}>
            Edit<span class="visually-hidden"> {camera.name}</span>
          </button>
          <button type="button" class="secondary" onClick={() => setMode('confirm-delete')}>
            Delete<span class="visually-hidden"> {camera.name}</span>
          </button>
        </div>
      ) : null}
      <ErrorText message={error} />
    </li>
  );
}

function DeletedCard({ camera, onRestore }: { camera: Camera; onRestore: () => Promise<string | null> }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <li class="tile camera-card" data-testid="deleted-card" data-camera-id={camera.id}>
      <h3>{camera.name}</h3>
      <dl class="facts">
        <dt>Id</dt>
        <dd>{camera.id}</dd>
        <dt>Folder</dt>
        <dd class="path">{camera.folder_path}</dd>
        <dt>Deleted</dt>
        <dd>{formatDateTime(camera.deleted_at)}</dd>
      </dl>
      <div class="actions">
        <button type="button" class="secondary" onClick={async () => setError(await onRestore())}>
          Restore<span class="visually-hidden"> {camera.name}</span>
        </button>
      </div>
      <ErrorText message={error} />
    </li>
  );
}
