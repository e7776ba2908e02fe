import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal built on <dialog>: the browser traps focus, Escape closes it, and focus returns where it was. */
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const id = 'modal-' + title.replace(/\W+/g, '-').toLowerCase();
  return (
    <dialog ref={ref} class="dialog modal" aria-labelledby={id} onClose={onClose}>
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Asks before an action that cannot be undone from here. */
export function ConfirmDialog({ title, message, confirm, onConfirm, onClose }: { title: string; message: ComponentChildren; confirm: string; onConfirm: () => void; onClose: () => void }) {
  return (
    <Modal title={title} onClose={onClose}>
      <p>{message}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Modal>
  );
}
