import { VideoJobsApiError } from './errors.js';
import type { JobMessage } from './jobState.js';
import type { ClientCommand, JobCreatedMessage, ServerMessage, StatsUpdateMessage } from './messages.generated.js';
import type { TokenSource } from './tokens.js';
import type { EventPage } from './types.js';

/**
 * `connecting`: the first socket is being opened. `open`: a socket is acknowledged and live.
 * `reconnecting`: the socket was lost and the client is waiting (backoff) or opening a new one.
 * `polling`: the socket keeps failing, so job events come from `GET /api/jobs/{id}/events`; the socket is still
 * retried. `offline`: no socket although one is wanted: the browser is offline, or the service closed with 1009
 * or 4029 (see `getLastError()`). `idle`: no socket because nothing is subscribed, which is not a fault.
 * `unauthorized`: `getToken()` failed or its token is refused.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'polling' | 'offline' | 'unauthorized';

/** Why the client stopped or what the service reported about the connection. */
export interface ConnectionError {
  /** WebSocket close code (1009, 4029), or undefined for an ERROR message or an unauthorized token. */
  close_code?: number;
  error_code: string;
  error_message: string;
}

/** The browser WebSocket API, as far as the client uses it. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** A minimal EventTarget (window, document) for the `online` and `visibilitychange` events. */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface Timing {
  /** First reconnect delay; doubles per attempt. Default 1000. */
  initialBackoffMs: number;
  /** Largest reconnect delay. Default 30000. */
  maxBackoffMs: number;
  /** Each delay is reduced by up to this fraction, at random, so tabs do not reconnect in step. Default 0.2. */
  jitter: number;
  /** Wait for CONNECTION_ACK after starting the upgrade. Default 10000. */
  ackTimeoutMs: number;
  /** Reconnect after this long without any message (at least two heartbeat intervals). Default 60000. */
  silenceTimeoutMs: number;
  /** Consecutive failed connection attempts before polling starts. Default 3. */
  pollAfterFailures: number;
  /** Poll interval while the socket is down. Default 2000. */
  pollIntervalMs: number;
  /** Get a new token and reconnect this long before the token expires. Default 30000. */
  tokenRefreshLeadMs: number;
}

export const DEFAULT_TIMING: Timing = {
  initialBackoffMs: 1000,
  maxBackoffMs: 30000,
  jitter: 0.2,
  ackTimeoutMs: 10000,
  silenceTimeoutMs: 60000,
  pollAfterFailures: 3,
  pollIntervalMs: 2000,
  tokenRefreshLeadMs: 30000,
};

export interface LiveConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  tokens: TokenSource;
  pollEvents: (jobId: string, afterSeq: number) => Promise<EventPage<JobMessage>>;
  timing: Timing;
  random: () => number;
  now: () => number;
  window: EventSourceLike | undefined;
  document: (EventSourceLike & { visibilityState?: string }) | undefined;
  onListenerError: (error: unknown) => void;
}

export type JobListener = (message: JobMessage) => void;
export type StatsListener = (stats: StatsUpdateMessage['data'], message: StatsUpdateMessage) => void;
/** Called once per job the user creates anywhere, in creation order (the `subscribe_owner` feed). */
export type OwnerListener = (message: JobCreatedMessage) => void;
/**
 * Called when jobs may have been created that the feed does not announce: once its subscription is live after it
 * started without a cursor (a list read before it may miss a job created meanwhile), and on every round of the polling
 * fallback (no feed while the socket is down). Re-read what new jobs would change.
 */
export type OwnerGapListener = () => void;
/** Where the owner feed resumes: the creation time and id of the last job it announced. */
export interface OwnerCursor {
  created_at: string;
  job_id: string;
}

/** Job ids of recent JOB_CREATED kept to drop an announcement repeated after a resume. */
const ANNOUNCED_KEPT = 512;
/**
 * The cursor to resume a feed whose OWNER_SUBSCRIBED said the user had no job (cursor null): every job they have when
 * it resumes was created since, so all are announced.
 */
const OWNER_FEED_START: OwnerCursor = { created_at: '1970-01-01T00:00:00Z', job_id: '00000000-0000-0000-0000-000000000000' };

const NO_RECONNECT = [1009, 4029];
const CLIENT_CLOSE = 4000;

/**
 * The one WebSocket of a client, shared by every subscription and reference-counted, carrying out the README's
 * "Reconnect and resume" recipe: lastSeq per job with duplicates dropped, `since` on every resubscribe,
 * RESYNC_REQUIRED, backoff with jitter, the ACK timeout and silence watchdog, heartbeat replies, token refresh
 * on 4001 and before expiry, and polling of the event log while the socket keeps failing.
 */
export class LiveConnection {
  private readonly jobListeners = new Map<string, Set<JobListener>>();
  private readonly statsListeners = new Set<StatsListener>();
  private readonly ownerListeners = new Set<{ created: OwnerListener; gap: OwnerGapListener | undefined }>();
  private readonly announced = new Set<string>();
  private ownerCursor: OwnerCursor | undefined;
  private ownerSent = false;
  /** The feed was last requested without a cursor: its OWNER_SUBSCRIBED tells the gap listeners. */
  private ownerSentWithoutCursor = false;
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly errorListeners = new Set<(error: ConnectionError) => void>();
  private readonly lastSeq = new Map<string, number>();
  private readonly sentJobs = new Set<string>();
  private statsSent = false;

  private socket: WebSocketLike | null = null;
  private acked = false;
  private everAcked = false;
  private attempt = 0;
  private failures = 0;
  private connectGeneration = 0;
  private maxIdsPerMessage = 100;
  private silenceMs: number;
  private stopped = false;
  private closed = false;
  private polling = false;
  private browserOffline = false;
  private status: ConnectionStatus = 'idle';
  private lastError: ConnectionError | undefined;

  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly onOnline = () => {
    this.browserOffline = false;
    this.reconnectNowIfDown();
  };
  private readonly onOffline = () => {
    this.browserOffline = true;
    if (!this.acked && this.wanted()) {
      this.clearTimer('reconnectTimer');
      this.setStatus('offline');
    }
  };
  private readonly onVisibility = () => {
    if (this.options.document?.visibilityState === 'visible') this.reconnectNowIfDown();
  };

  constructor(private readonly options: LiveConnectionOptions) {
    this.silenceMs = options.timing.silenceTimeoutMs;
    options.window?.addEventListener('online', this.onOnline);
    options.window?.addEventListener('offline', this.onOffline);
    options.document?.addEventListener('visibilitychange', this.onVisibility);
  }

  subscribe(jobId: string, listener: JobListener): () => void {
    let listeners = this.jobListeners.get(jobId);
    if (!listeners) this.jobListeners.set(jobId, (listeners = new Set()));
    const entry: JobListener = (message) => listener(message);
    listeners.add(entry);
    this.scheduleFlush();
    return once(() => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.jobListeners.get(jobId) === listeners) this.jobListeners.delete(jobId);
      this.scheduleFlush();
    });
  }

  subscribeStats(listener: StatsListener): () => void {
    const entry: StatsListener = (stats, message) => listener(stats, message);
    this.statsListeners.add(entry);
    this.scheduleFlush();
    return once(() => {
      this.statsListeners.delete(entry);
      this.scheduleFlush();
    });
  }

  /**
   * The user's new jobs, wherever they are created; resumes after the last one announced (or OWNER_SUBSCRIBED's cursor)
   * across reconnects, and a job announced again after a resume is dropped. While the client polls there is no feed:
   * `onGap` is called on every polling round instead, and when the feed starts without a cursor.
   */
  subscribeOwner(listener: OwnerListener, onGap?: OwnerGapListener): () => void {
    const entry = { created: listener, gap: onGap };
    this.ownerListeners.add(entry);
    this.scheduleFlush();
    return once(() => {
      this.ownerListeners.delete(entry);
      this.scheduleFlush();
    });
  }

  getStatus(): ConnectionStatus {
    return this.status;
  }

  onStatusChange(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  getLastError(): ConnectionError | undefined {
    return this.lastError;
  }

  onError(listener: (error: ConnectionError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** The seq of the last message applied for a job, if any. */
  lastSeqOf(jobId: string): number | undefined {
    return this.lastSeq.get(jobId);
  }

  /** Connects again at once, also after the client stopped on 1009 or 4029. */
  reconnect(): void {
    this.stopped = false;
    this.lastError = undefined;
    this.attempt = 0;
    this.dropSocket('reconnect requested');
    if (this.wanted()) void this.connect();
  }

  close(): void {
    this.closed = true;
    this.dropSocket('client closed');
    this.stopPolling();
    for (const timer of ['flushTimer', 'reconnectTimer', 'refreshTimer'] as const) this.clearTimer(timer);
    this.options.window?.removeEventListener('online', this.onOnline);
    this.options.window?.removeEventListener('offline', this.onOffline);
    this.options.document?.removeEventListener('visibilitychange', this.onVisibility);
    this.jobListeners.clear();
    this.statsListeners.clear();
    this.ownerListeners.clear();
    this.setStatus('idle');
  }

  // --- subscriptions: changes are batched per tick, so a StrictMode unmount+mount sends nothing ---

  private wanted(): boolean {
    return this.jobListeners.size > 0 || this.statsListeners.size > 0 || this.ownerListeners.size > 0;
  }

  private scheduleFlush(): void {
    if (this.flushTimer === undefined && !this.closed) this.flushTimer = setTimeout(() => this.flush(), 0);
  }

  private flush(): void {
    this.flushTimer = undefined;
    for (const jobId of this.lastSeq.keys()) if (!this.jobListeners.has(jobId)) this.lastSeq.delete(jobId);
    if (!this.wanted()) {
      this.dropSocket('no subscriptions');
      this.stopPolling();
      this.clearTimer('reconnectTimer');
      this.setStatus('idle');
      return;
    }
    if (this.acked) this.sendSubscriptions();
    else if (!this.socket && this.reconnectTimer === undefined && !this.stopped && !this.polling) void this.connect();
    else if (this.polling) void this.pollOnce(false);
  }

  private sendSubscriptions(): void {
    const add = [...this.jobListeners.keys()].filter((id) => !this.sentJobs.has(id));
    const remove = [...this.sentJobs].filter((id) => !this.jobListeners.has(id));
    for (const ids of chunks(add, this.maxIdsPerMessage)) {
      const since: Record<string, number> = {};
      for (const id of ids) {
        const seq = this.lastSeq.get(id);
        if (seq !== undefined) since[id] = seq;
      }
      this.send(Object.keys(since).length ? { action: 'subscribe', job_ids: ids, since } : { action: 'subscribe', job_ids: ids });
      ids.forEach((id) => this.sentJobs.add(id));
    }
    for (const ids of chunks(remove, this.maxIdsPerMessage)) {
      this.send({ action: 'unsubscribe', job_ids: ids });
      ids.forEach((id) => this.sentJobs.delete(id));
    }
    const wantOwner = this.ownerListeners.size > 0;
    if (wantOwner !== this.ownerSent) {
      this.send(wantOwner
        ? (this.ownerCursor ? { action: 'subscribe_owner', after: this.ownerCursor } : { action: 'subscribe_owner' })
        : { action: 'unsubscribe_owner' });
      this.ownerSent = wantOwner;
      this.ownerSentWithoutCursor = wantOwner && !this.ownerCursor;
    }
    const wantStats = this.statsListeners.size > 0;
    if (wantStats !== this.statsSent) {
      this.send({ action: wantStats ? 'subscribe_stats' : 'unsubscribe_stats' });
      this.statsSent = wantStats;
    }
  }

  // --- the socket ---

  private async connect(): Promise<void> {
    if (this.closed || this.stopped) return;
    this.clearTimer('reconnectTimer');
    const generation = ++this.connectGeneration;
    if (!this.polling) this.setStatus(this.everAcked || this.failures > 0 ? 'reconnecting' : 'connecting');
    let token: string;
    try {
      token = await this.options.tokens.current();
    } catch (error) {
      if (generation !== this.connectGeneration) return;
      this.report({ error_code: 'UNAUTHORIZED', error_message: `getToken() failed: ${String(error)}` });
      this.setStatus('unauthorized');
      this.failures++;
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.connectGeneration || this.closed || this.stopped || !this.wanted()) return;
    const ws = new this.options.WebSocket(this.options.url, [
      'bearer-token-carrier',
      `quarkus-http-upgrade#Authorization#Bearer%20${token}`,
    ]);
    this.socket = ws;
    this.acked = false;
    this.ackTimer = setTimeout(() => this.abandon(ws, 'no CONNECTION_ACK'), this.options.timing.ackTimeoutMs);
    ws.onmessage = (event) => this.onMessage(ws, event.data);
    ws.onclose = (event) => this.onClose(ws, event.code, event.reason);
    ws.onerror = () => undefined;
    ws.onopen = () => undefined;
  }

  private onMessage(ws: WebSocketLike, data: unknown): void {
    if (ws !== this.socket) return;
    this.resetSilenceWatchdog(ws);
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'CONNECTION_ACK':
        this.onAck(message.data);
        break;
      case 'HEARTBEAT':
        this.send({ action: 'heartbeat' });
        break;
      case 'STATS_UPDATE':
        this.statsListeners.forEach((listener) => this.safely(() => listener(message.data, message)));
        break;
      case 'OWNER_SUBSCRIBED':
        this.onOwnerSubscribed(message.data.cursor);
        break;
      case 'JOB_CREATED':
        this.onJobCreated(message);
        break;
      case 'RESYNC_REQUIRED':
        this.lastSeq.delete(message.job_id);
        this.jobListeners.get(message.job_id)?.forEach((listener) => this.safely(() => listener(message)));
        break;
      case 'ERROR':
        if (message.job_id !== null) this.deliver(message);
        else this.report({ error_code: message.data.error_code, error_message: message.data.error_message });
        break;
      default:
        if (typeof message.job_id === 'string') this.deliver(message as JobMessage);
    }
  }

  private onAck(data: { heartbeat_interval_seconds?: number; max_job_ids_per_message?: number; token_expires_at?: number }): void {
    this.clearTimer('ackTimer');
    this.acked = true;
    this.everAcked = true;
    this.attempt = 0;
    this.failures = 0;
    this.maxIdsPerMessage = data.max_job_ids_per_message ?? 100;
    this.silenceMs = Math.max(this.options.timing.silenceTimeoutMs, 2000 * (data.heartbeat_interval_seconds ?? 0));
    this.stopPolling();
    this.sentJobs.clear();
    this.statsSent = false;
    this.ownerSent = false;
    this.sendSubscriptions();
    this.setStatus('open');
    this.scheduleTokenRefresh(data.token_expires_at);
  }

  /**
   * A feed started with a cursor keeps its own. One started without takes the newest job as its cursor, or the start of
   * time if the user had none, so that a reconnect announces what was created while the socket was down.
   */
  private onOwnerSubscribed(cursor: OwnerCursor | null): void {
    if (!this.ownerSentWithoutCursor) return;
    this.ownerSentWithoutCursor = false;
    if (!this.ownerCursor) this.ownerCursor = cursor ?? OWNER_FEED_START;
    this.ownerGap();
  }

  private onJobCreated(message: JobCreatedMessage): void {
    this.ownerCursor = { created_at: message.data.created_at, job_id: message.job_id };
    if (this.announced.has(message.job_id)) return;
    this.announced.add(message.job_id);
    if (this.announced.size > ANNOUNCED_KEPT) this.announced.delete(this.announced.values().next().value as string);
    this.ownerListeners.forEach(({ created }) => this.safely(() => created(message)));
  }

  private ownerGap(): void {
    this.ownerListeners.forEach(({ gap }) => gap && this.safely(gap));
  }

  /** Delivers a job message unless it is a duplicate: live messages need a seq above lastSeq, snapshots not below. */
  private deliver(message: JobMessage): void {
    const listeners = this.jobListeners.get(message.job_id as string);
    if (!listeners) return;
    if (typeof message.seq === 'number') {
      const last = this.lastSeq.get(message.job_id as string);
      const isSnapshot = 'snapshot' in message && message.snapshot === true;
      if (last !== undefined && (isSnapshot ? message.seq < last : message.seq <= last)) return;
      this.lastSeq.set(message.job_id as string, message.seq);
    }
    listeners.forEach((listener) => this.safely(() => listener(message)));
  }

  private onClose(ws: WebSocketLike, code: number, reason: string): void {
    if (ws !== this.socket) return;
    const wasAcked = this.acked;
    this.detach(ws);
    if (this.closed) return;
    if (NO_RECONNECT.includes(code)) {
      this.stopped = true;
      this.stopPolling();
      this.clearTimer('reconnectTimer');
      this.report({
        close_code: code,
        error_code: code === 1009 ? 'MESSAGE_TOO_BIG' : 'TOO_MANY_CONNECTIONS',
        error_message: reason || (code === 1009 ? 'A client message was too large' : 'Too many connections'),
      });
      this.setStatus('offline');
      return;
    }
    if (!this.wanted()) return;
    if (code === 4001) {
      // The token expired: get a fresh one, then reconnect at once and resume with since.
      this.options.tokens.invalidate();
      void this.connect();
      return;
    }
    if (!wasAcked) {
      // A refused upgrade (401 looks like 1006 to a browser) may be an expired token: ask for a new one next time.
      this.options.tokens.invalidate();
      this.failures++;
    }
    this.scheduleReconnect();
  }

  /** Gives a socket up from our side (ACK timeout, silence, token refresh) and reconnects. */
  private abandon(ws: WebSocketLike, reason: string): void {
    if (ws !== this.socket) return;
    const wasAcked = this.acked;
    this.detach(ws);
    ws.close(CLIENT_CLOSE, reason);
    if (!wasAcked) this.failures++;
    this.scheduleReconnect();
  }

  private dropSocket(reason: string): void {
    const ws = this.socket;
    if (!ws) return;
    this.detach(ws);
    ws.close(1000, reason);
  }

  private detach(ws: WebSocketLike): void {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    this.socket = null;
    this.acked = false;
    this.sentJobs.clear();
    this.statsSent = false;
    this.ownerSent = false;
    this.ownerSentWithoutCursor = false;
    for (const timer of ['ackTimer', 'silenceTimer', 'refreshTimer'] as const) this.clearTimer(timer);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.stopped || !this.wanted()) return;
    if (this.failures >= this.options.timing.pollAfterFailures && (this.jobListeners.size > 0 || this.ownerListeners.size > 0)) {
      this.startPolling();
    }
    if (this.browserOffline) {
      if (!this.polling) this.setStatus('offline');
      return;
    }
    if (this.status !== 'unauthorized') this.setStatus(this.polling ? 'polling' : 'reconnecting');
    const { initialBackoffMs, maxBackoffMs, jitter } = this.options.timing;
    const nominal = Math.min(maxBackoffMs, initialBackoffMs * 2 ** this.attempt);
    const delay = Math.round(nominal * (1 - jitter * this.options.random()));
    this.attempt++;
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  private reconnectNowIfDown(): void {
    if (this.closed || this.stopped || this.acked || !this.wanted()) return;
    if (this.socket) return; // an attempt is under way
    this.attempt = 0;
    void this.connect();
  }

  private resetSilenceWatchdog(ws: WebSocketLike): void {
    this.clearTimer('silenceTimer');
    this.silenceTimer = setTimeout(() => this.abandon(ws, 'nothing received'), this.silenceMs);
  }

  private scheduleTokenRefresh(expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    const delay = expiresAt * 1000 - this.options.timing.tokenRefreshLeadMs - this.options.now();
    if (delay <= 0) return; // the token is already that close to expiry: 4001 will say when
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.options.tokens.invalidate();
      this.options.tokens.refresh().then(
        () => {
          if (!this.acked) return;
          this.dropSocket('token refresh');
          void this.connect();
        },
        () => undefined, // keep the socket; 4001 will close it and the reconnect reports the failure
      );
    }, delay);
  }

  // --- polling fallback ---

  private startPolling(): void {
    if (this.polling) return;
    this.polling = true;
    this.setStatus('polling');
    void this.pollOnce(true);
  }

  private stopPolling(): void {
    this.polling = false;
    this.clearTimer('pollTimer');
  }

  /** Reads the event log of every subscribed job; a round (not a read for jobs just subscribed) also tells gap listeners. */
  private async pollOnce(round: boolean): Promise<void> {
    this.clearTimer('pollTimer');
    if (round) this.ownerGap();
    for (const jobId of [...this.jobListeners.keys()]) {
      if (!this.polling) return;
      try {
        let page: EventPage<JobMessage>;
        do {
          page = await this.options.pollEvents(jobId, this.lastSeq.get(jobId) ?? 0);
          if (!this.polling) return;
          page.events.forEach((event) => this.deliver(event));
        } while (page.has_more && page.events.length > 0);
        if (this.status === 'unauthorized') this.setStatus('polling');
      } catch (error) {
        if (error instanceof VideoJobsApiError && error.status === 401) {
          this.report({ error_code: error.error_code, error_message: error.error_message });
          this.setStatus('unauthorized');
        }
      }
    }
    if (this.polling) this.pollTimer = setTimeout(() => void this.pollOnce(true), this.options.timing.pollIntervalMs);
  }

  // --- helpers ---

  private send(command: ClientCommand): void {
    this.socket?.send(JSON.stringify(command));
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => this.safely(() => listener(status)));
  }

  private report(error: ConnectionError): void {
    this.lastError = error;
    this.errorListeners.forEach((listener) => this.safely(() => listener(error)));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.options.onListenerError(error);
    }
  }

  private clearTimer(name: 'flushTimer' | 'reconnectTimer' | 'ackTimer' | 'silenceTimer' | 'refreshTimer' | 'pollTimer'): void {
    const timer = this[name];
    if (timer !== undefined) clearTimeout(timer);
    this[name] = undefined;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      action();
    }
  };
}
