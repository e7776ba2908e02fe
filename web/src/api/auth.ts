import { store } from '../store';

const KEY = 'hsi.api_key';

/** none: no key asked for yet; needed: the API wants one; wrong: the one given was refused. */
export type AuthState = 'ok' | 'needed' | 'wrong';

export const authState = store<AuthState>('ok');

/** The key is kept for the tab only (sessionStorage), never in a cookie or the URL bar. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
  authState.set('ok');
  keyChanged.set(keyChanged.get() + 1);
}

/** Bumped when the key changes, so pages and sockets reload with it. */
export const keyChanged = store(0);

export function refused(): void {
  authState.set(apiKey() ? 'wrong' : 'needed');
}

/** For <img>/<video>/download links, which cannot send a header: the api_key query parameter. */
export function withKey(url: string): string {
  const key = apiKey();
  if (!key) return url;
  return url + (url.includes('?') ? '&' : '?') + 'api_key=' + encodeURIComponent(key);
}
