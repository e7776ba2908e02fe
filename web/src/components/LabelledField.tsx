import type { ComponentChildren } from 'preact';
import { detailOf, fieldErrors } from '../api/client';

/** What a control needs to be tied to its label, hint and error (spread onto the input, select or textarea). */
export interface ControlProps {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/**
 * A labelled form control with its hint and its error (a 422's message for that field) right beneath it,
 * both announced with the control.
 */
export function LabelledField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  children: (control: ControlProps) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described || undefined })}
      {hint ? (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} class="field-error" data-testid={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A refused write, told apart: messages at their fields (422), a conflict (409) or another refusal. */
export interface Refusal {
  fields: Record<string, string>;
  message: string | null;
}

export const NO_REFUSAL: Refusal = { fields: {}, message: null };

/**
 * Sorts a refused write's answer: a 422's messages go to the fields the form shows (any other field's
 * message becomes the form's), a 409 says plainly that it clashes with what is already there.
 */
export function refusalOf(error: unknown, status: number, shown: readonly string[]): Refusal {
  if (status === 422) {
    const all = fieldErrors(error);
    const fields: Record<string, string> = {};
    const others: string[] = [];
    for (const [field, message] of Object.entries(all)) {
      if (shown.includes(field)) fields[field] = message;
      else others.push(message);
    }
    const message = others.length ? others.join('; ') : Object.keys(fields).length ? null : detailOf(error, 'The form has an error');
    return { fields, message };
  }
  if (status === 409) return { fields: {}, message: `Conflict: ${detailOf(error, 'it clashes with what is already stored')}` };
  return { fields: {}, message: detailOf(error, `The request failed (${status})`) };
}
