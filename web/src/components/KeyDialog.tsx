import { useEffect, useRef, useState } from 'preact/hooks';
import { authState, setApiKey } from '../api/auth';
import { restartAll } from '../live/socket';
import { useStore } from '../store';

/**
 * Asks for the API key once per tab when the API refuses a call, and says so when the key was wrong.
 * A modal <dialog>: the page behind is inert, so Tab stays in the dialog and the key field has focus.
 */
export function KeyDialog() {
  const state = useStore(authState);
  const [key, setKey] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, [state]);
  if (state === 'ok') return null;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!key.trim()) return;
    setApiKey(key.trim());
    restartAll();
    setKey('');
  };
  return (
    // Escape cannot dismiss it: without a key nothing on the page works.
    <dialog ref={dialog} class="key-dialog" aria-labelledby="key-title" onCancel={(e) => e.preventDefault()}>
      <form class="dialog" onSubmit={submit}>
        <h2 id="key-title">API key required</h2>
        {state === 'wrong' ? (
          <p class="error" role="alert" data-testid="key-error">Wrong key: the API refused it. Check the key and try again.</p>
        ) : (
          <p>This system has API keys enabled. Enter your key; it is kept for this tab only.</p>
        )}
        <label>
          API key
          <input type="password" autoComplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} autoFocus required />
        </label>
        <div class="actions">
          <button type="submit">Use key</button>
        </div>
      </form>
    </dialog>
  );
}
