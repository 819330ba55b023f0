import { vi } from 'vitest';
import { createVideoJobsClient, type Timing, type VideoJobsClientOptions, type WebSocketLike } from '../src/index.js';

/** A WebSocket double: records what the client sends, and lets a test play the server. */
export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code?: number; reason?: string } | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeSocket.instances.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  /** The bearer token the client put in the subprotocol. */
  token(): string {
    const carrier = ([] as string[]).concat(this.protocols ?? []).find((p) => p.startsWith('quarkus-http-upgrade'));
    return decodeURIComponent((carrier ?? '').replace('quarkus-http-upgrade#Authorization#', '')).replace('Bearer ', '');
  }

  commands(action: string): Array<Record<string, unknown>> {
    return this.sent.filter((message) => message.action === action);
  }

  // --- the server's side ---
  open(): void {
    this.onopen?.({});
  }

  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  ack(data: Record<string, unknown> = {}): void {
    this.open();
    this.receive({
      type: 'CONNECTION_ACK',
      job_id: null,
      timestamp: new Date().toISOString(),
      data: { connection_id: 'c1', user_id: 'u', admin: false, heartbeat_interval_seconds: 30, max_subscriptions: 500, max_job_ids_per_message: 100, ...data },
    });
  }

  serverClose(code: number, reason = ''): void {
    this.onclose?.({ code, reason });
  }
}

export function jobMessage(jobId: string, seq: number, type = 'JOB_UPDATE', extra: Record<string, unknown> = {}) {
  const data =
    type === 'JOB_UPDATE' ? { status: 'PROCESSING', progress_percent: seq }
      : type === 'STAGE_UPDATE' ? { stage_id: 'THUMBNAIL_GENERATION', status: 'PROCESSING', progress_percent: seq }
        : type === 'RESYNC_REQUIRED' ? { requested_since: 0, oldest_available_seq: 1, last_seq: seq, reason: 'test' }
          : {};
  return { type, job_id: jobId, seq, data, timestamp: new Date().toISOString(), ...extra };
}

/** A JWT-shaped token (unsigned: the client only reads `exp`). */
export function token(name: string, expiresInSeconds = 3600): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256' })}.${encode({ sub: name, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}.sig`;
}

export interface Harness {
  client: ReturnType<typeof createVideoJobsClient>;
  getToken: ReturnType<typeof vi.fn>;
  fetch: ReturnType<typeof vi.fn>;
  window: EventTarget;
  document: EventTarget & { visibilityState: string };
  statuses: string[];
}

/** A client on fake timers, a fake socket, a scripted fetch and fake window/document event targets. */
export function harness(timing: Partial<Timing> = {}, options: Partial<VideoJobsClientOptions> = {}): Harness {
  FakeSocket.instances = [];
  let n = 0;
  const getToken = vi.fn(() => token(`t${++n}`));
  const fetch = vi.fn(async () => new Response(JSON.stringify({ job_id: 'x', events: [], next_after_seq: 0, last_seq: 0, has_more: false }), { status: 200 }));
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const client = createVideoJobsClient({
    baseUrl: 'http://service.test',
    getToken,
    fetch: fetch as unknown as typeof globalThis.fetch,
    WebSocket: FakeSocket,
    random: () => 0,
    window,
    document,
    timing,
    ...options,
  });
  const statuses: string[] = [];
  client.onStatusChange((status) => statuses.push(status));
  return { client, getToken, fetch, window, document, statuses };
}

/** Lets timers due now and pending promises run. */
export async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}
