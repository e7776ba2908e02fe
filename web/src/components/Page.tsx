import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

/** A page: its one h1, and the document title to match. */
export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Home Security Intelligence`;
  }, [title]);
  return (
    <>
      <div class="page-head">
        <h1>{title}</h1>
        {actions}
      </div>
      {children}
    </>
  );
}

export function Loading() {
  return <p class="muted" role="status">Loading…</p>;
}

export function ErrorText({ message }: { message: string | null | undefined }) {
  return message ? <p class="error" role="alert">{message}</p> : null;
}
