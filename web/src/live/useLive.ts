import { useEffect } from 'preact/hooks';
import { topic, type LiveMessage } from './socket';
import { useStore } from '../store';

/** Calls `onMessage` for each message of the topic while the component is mounted. */
export function useLive(path: string, onMessage: (m: LiveMessage) => void): void {
  useEffect(() => topic(path).on(onMessage), [path]);
}

export function useLinkState(path: string) {
  return useStore(topic(path).state);
}

/** How often the topic's socket reopened after a drop: a dependency for reloading what REST gave. */
export function useReconnects(path: string): number {
  return useStore(topic(path).reconnects);
}
