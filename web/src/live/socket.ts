import { apiKey, refused } from '../api/auth';
import { store, type Store } from '../store';

export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'refused';

/** One message of the SPEC.md §4 envelope. */
export interface LiveMessage<T = unknown> {
  type: string;
  data: T;
  sequence?: number;
  timestamp?: string;
}

/**
 * A WebSocket topic that stays connected: it reconnects with backoff and, on reconnect, asks for
 * what it missed with {"type":"resync","last_sequence":N}. A message with a sequence already seen
 * is dropped, so a missed item shows once even when live delivery and the replay overlap.
 */
export class LiveTopic {
  readonly state: Store<LinkState> = store<LinkState>('connecting');
  /**
   * Bumped each time the socket opens again after a drop. A resync needs a sequence, and a page that
   * saw no message before the drop has none: what it shows came from REST, so it reloads that and
   * merges by id (items the resync also replays still show once).
   */
  readonly reconnects: Store<number> = store(0);
  private dropped = false;
  private readonly listeners = new Set<(m: LiveMessage) => void>();
  private socket: WebSocket | null = null;
  private lastSequence = 0;
  private readonly seen = new Set<number>();
  private attempt = 0;
  private timer: number | undefined;
  private heartbeat: number | undefined;
  private stopped = false;

  constructor(private readonly path: string) {}

  on(listener: (m: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    if (!this.socket && !this.stopped) this.connect();
    return () => this.listeners.delete(listener);
  }

  /** Reconnects at once (a new key, or the user asked). */
  restart(): void {
    this.socket?.close(1000);
    this.socket = null;
    window.clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  }

  close(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.socket?.close(1000);
  }

  private connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${this.path}`;
    const key = apiKey();
    const protocols = key ? ['hsi.v1', `api-key.${key}`] : ['hsi.v1'];
    const ws = new WebSocket(url, protocols);
    this.socket = ws;
    const resuming = this.lastSequence > 0;
    ws.onopen = () => {
      this.attempt = 0;
      // The server closes a socket that says nothing for 300 s.
      window.clearInterval(this.heartbeat);
      this.heartbeat = window.setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 60_000);
      this.state.set('open');
      if (this.dropped) {
        this.dropped = false;
        this.reconnects.set(this.reconnects.get() + 1);
      }
      if (resuming) ws.send(JSON.stringify({ type: 'resync', last_sequence: this.lastSequence }));
    };
    ws.onmessage = (e) => this.receive(e.data);
    ws.onclose = (e) => {
      if (this.socket !== ws) return;
      this.socket = null;
      window.clearInterval(this.heartbeat);
      if (e.code === 1008) {
        this.state.set('refused');
        refused();
        return;
      }
      if (this.stopped) return;
      this.dropped = true;
      this.state.set('reconnecting');
      const delay = Math.min(10_000, 500 * 2 ** this.attempt++) * (0.8 + Math.random() * 0.4);
      this.timer = window.setTimeout(() => this.connect(), delay);
    };
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: LiveMessage;
    try {
      message = JSON.parse(raw) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === 'ping' || message.type === 'pong' || message.type === 'error') return;
    const seq = message.sequence;
    if (typeof seq === 'number' && seq > 0) {
      if (this.seen.has(seq)) return;
      this.seen.add(seq);
      if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value as number);
      if (seq > this.lastSequence) this.lastSequence = seq;
    }
    for (const l of [...this.listeners]) l(message);
  }
}

const topics = new Map<string, LiveTopic>();

/** The one connection per topic the whole app shares. */
export function topic(path: string): LiveTopic {
  let t = topics.get(path);
  if (!t) topics.set(path, (t = new LiveTopic(path)));
  return t;
}

export function restartAll(): void {
  for (const t of topics.values()) t.restart();
}
