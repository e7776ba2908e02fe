import { useEffect } from 'preact/hooks';
import { topic } from '../live/socket';
import { useLinkState } from '../live/useLive';

const LABEL = { connecting: 'Connecting', open: 'Live', reconnecting: 'Reconnecting', refused: 'Refused' } as const;

/** The live link's state, as text (not colour alone); it keeps the events socket open on every page. */
export function ConnectionIndicator() {
  useEffect(() => topic('/ws/events').on(() => {}), []);
  const state = useLinkState('/ws/events');
  return (
    <span class={`link link-${state}`} data-testid="connection" data-state={state} role="status">
      <span class="dot" aria-hidden="true" />
      {LABEL[state]}
    </span>
  );
}
