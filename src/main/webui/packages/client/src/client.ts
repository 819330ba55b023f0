import {
  DEFAULT_TIMING,
  LiveConnection,
  type ConnectionError,
  type ConnectionStatus,
  type EventSourceLike,
  type JobListener,
  type OwnerGapListener,
  type OwnerListener,
  type StatsListener,
  type Timing,
  type WebSocketConstructor,
} from './connection.js';
import type { JobMessage } from './jobState.js';
import { RestTransport, type XhrLike } from './rest.js';
import { TokenSource } from './tokens.js';
import {
  DEFAULT_UPLOAD_TIMING,
  DirectUploader,
  sleep,
  type DirectUploadOptions,
  type UploadMemory,
  type UploadTiming,
} from './upload.js';
import type {
  Bulk,
  BulkRequest,
  CreateWebhookBody,
  DeliveryFilter,
  EventPage,
  Job,
  JobCount,
  JobFilter,
  JobPage,
  MetadataPatch,
  SearchResult,
  StageDurations,
  SubmitJobBody,
  UpdateWebhookBody,
  UploadFields,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
} from './types.js';

export interface VideoJobsClientOptions {
  /** Origin (and optional path prefix) of the service, e.g. `https://jobs.example.com`; '' (default) = same origin. */
  baseUrl?: string;
  /** WebSocket URL; derived from baseUrl (or the page's location) by default. */
  wsUrl?: string;
  /** Returns the current access token (Supabase JWT). Called again when the service refuses it or it nears `exp`. */
  getToken: () => string | Promise<string>;
  /** WebSocket implementation; default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** XMLHttpRequest implementation for upload parts with progress; default `globalThis.XMLHttpRequest` when present. */
  XMLHttpRequest?: new () => XhrLike;
  /** Where unfinished uploads are remembered to resume them; default `localStorage` when present. `null` disables. */
  uploadMemory?: UploadMemory | null;
  /** Retry and URL-renewal timings of uploads (see DEFAULT_UPLOAD_TIMING). */
  uploadTiming?: Partial<UploadTiming>;
  /** Reconnect, watchdog, polling and token timings (see DEFAULT_TIMING). */
  timing?: Partial<Timing>;
  /** Source of randomness for the backoff jitter; default Math.random. */
  random?: () => number;
  /** Clock in epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Where `online`/`offline` events come from; default `window` when present. `null` disables. */
  window?: EventSourceLike | null;
  /** Where `visibilitychange` comes from; default `document` when present. `null` disables. */
  document?: (EventSourceLike & { visibilityState?: string }) | null;
  /** Called when a listener throws; default console.error. */
  onListenerError?: (error: unknown) => void;
}

export interface SubmitOptions {
  /** Makes retries of the same submission return the original job. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Options of `uploadJob` and `resumeUpload`; an upload needs no idempotency key: completing it twice gives one job. */
export type UploadOptions = DirectUploadOptions;

/** The video-jobs API: REST calls plus live job updates over one shared, self-healing WebSocket. */
export interface VideoJobsClient {
  submitJob(body: SubmitJobBody, options?: SubmitOptions): Promise<Job>;
  /**
   * Uploads a file straight to the store in resumable parts (`/api/uploads`) and answers its job: parts in parallel,
   * progress, retries with backoff, expired part URLs signed again. Uploading the same file again after a reload
   * resumes it from the parts the store holds.
   */
  uploadJob(file: Blob, fields?: UploadFields & { filename?: string }, options?: UploadOptions): Promise<Job>;
  /** Goes on with the upload `uploadId` of this file (see `onUploadId`) and answers its job. */
  resumeUpload(file: Blob, uploadId: string, options?: UploadOptions): Promise<Job>;
  getJob(jobId: string, options?: { signal?: AbortSignal }): Promise<Job>;
  listJobs(filter?: JobFilter, options?: { signal?: AbortSignal }): Promise<JobPage>;
  /** How many jobs the filter matches (what "select all N matching" offers). */
  countJobs(filter?: Omit<JobFilter, 'cursor' | 'limit'>, options?: { signal?: AbortSignal }): Promise<JobCount>;
  /** Full-text search in titles, tags, descriptions and transcripts: words, "phrases" and prefix*. */
  search(q: string, options?: { limit?: number; signal?: AbortSignal }): Promise<SearchResult>;
  /** Starts a bulk retry, cancel or delete; it runs on the service (follow it with getBulk). */
  startBulk(request: BulkRequest): Promise<Bulk>;
  getBulk(bulkId: string, options?: { signal?: AbortSignal }): Promise<Bulk>;
  cancelJob(jobId: string): Promise<Job>;
  deleteJob(jobId: string): Promise<void>;
  /** Runs a FAILED or CANCELLED job again (409 CONFLICT otherwise). */
  retryJob(jobId: string): Promise<Job>;
  updateMetadata(jobId: string, patch: MetadataPatch): Promise<Job>;
  listEvents(jobId: string, afterSeq?: number, limit?: number): Promise<EventPage<JobMessage>>;
  /** Admins: median and p95 duration per stage over the last hour. */
  getStageDurations(options?: { signal?: AbortSignal }): Promise<StageDurations>;
  /** Registers a webhook endpoint; the answer holds its signing secret, shown this once. */
  createWebhook(body: CreateWebhookBody): Promise<WebhookEndpointWithSecret>;
  /** Your endpoints (an admin's: everyone's), newest first. */
  listWebhooks(page?: { cursor?: string | null; limit?: number }): Promise<WebhookEndpointPage>;
  getWebhook(endpointId: string): Promise<WebhookEndpoint>;
  /** Changes the URL, event types or description; `enabled: false` disables, `true` enables again. */
  updateWebhook(endpointId: string, patch: UpdateWebhookBody): Promise<WebhookEndpoint>;
  deleteWebhook(endpointId: string): Promise<void>;
  /** A new secret (shown once); the old one also signs for `graceSeconds`. */
  rotateWebhookSecret(endpointId: string, graceSeconds: number): Promise<WebhookEndpointWithSecret>;
  /** Queues a `webhook.test` message to the endpoint. */
  testWebhook(endpointId: string): Promise<WebhookDelivery>;
  listWebhookDeliveries(endpointId: string, filter?: DeliveryFilter): Promise<WebhookDeliveryPage>;
  getWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDeliveryDetail>;
  /** Sends a delivery again now, with the same `webhook-id`. */
  redeliverWebhook(endpointId: string, deliveryId: string): Promise<WebhookDelivery>;
  /** Sends again the endpoint's FAILED deliveries created since `since` (ISO time); answers how many. */
  recoverWebhook(endpointId: string, since: string): Promise<{ requeued: number }>;
  /** Live messages of one job, deduplicated by seq; returns the unsubscribe function. */
  subscribe(jobId: string, listener: JobListener): () => void;
  /**
   * JOB_CREATED for every job the user creates anywhere (another tab, curl, a backend), resumed across reconnects;
   * `onGap` when jobs may have been created that it does not announce (each polling round while the socket is down,
   * and once the feed is live after it started without a cursor). Returns the unsubscribe function.
   */
  subscribeOwner(listener: OwnerListener, onGap?: OwnerGapListener): () => void;
  /** The STATS_UPDATE feed (admins); returns the unsubscribe function. */
  subscribeStats(listener: StatsListener): () => void;
  getStatus(): ConnectionStatus;
  onStatusChange(listener: (status: ConnectionStatus) => void): () => void;
  getLastError(): ConnectionError | undefined;
  onError(listener: (error: ConnectionError) => void): () => void;
  /** Connects again now, also after a stop on close code 1009 or 4029. */
  reconnect(): void;
  /** A service path (such as a `thumbnail_url`) as an absolute URL for `<img src>`. */
  resolveUrl(path: string): string;
  close(): void;
}

export function createVideoJobsClient(options: VideoJobsClientOptions): VideoJobsClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const timing: Timing = { ...DEFAULT_TIMING, ...options.timing };
  const now = options.now ?? (() => Date.now());
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const tokens = new TokenSource(options.getToken, timing.tokenRefreshLeadMs, now);
  const Xhr = options.XMLHttpRequest ?? (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;
  const rest = new RestTransport(baseUrl, fetchImpl, tokens);
  const g0 = globalThis as { localStorage?: UploadMemory };
  const uploader = new DirectUploader({
    rest,
    fetch: fetchImpl,
    xhr: Xhr,
    memory: options.uploadMemory === null ? undefined : options.uploadMemory ?? g0.localStorage,
    timing: { ...DEFAULT_UPLOAD_TIMING, ...options.uploadTiming },
    random: options.random ?? Math.random,
    now,
    sleep,
  });
  const jobPath = (jobId: string) => `/api/jobs/${encodeURIComponent(jobId)}`;
  const webhookPath = (endpointId: string) => `/api/webhooks/${encodeURIComponent(endpointId)}`;
  const listEvents = (jobId: string, afterSeq = 0, limit = 1000) =>
    rest.request<EventPage<JobMessage>>(`${jobPath(jobId)}/events`, { query: { after_seq: afterSeq, limit } });
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const g = globalThis as { window?: EventSourceLike; document?: EventSourceLike & { visibilityState?: string } };

  const live = new LiveConnection({
    url: options.wsUrl ?? webSocketUrl(baseUrl),
    WebSocket: WebSocketImpl ?? missingWebSocket,
    tokens,
    pollEvents: (jobId, afterSeq) => listEvents(jobId, afterSeq),
    timing,
    random: options.random ?? Math.random,
    now,
    window: options.window === null ? undefined : options.window ?? g.window,
    document: options.document === null ? undefined : options.document ?? g.document,
    onListenerError: options.onListenerError ?? ((error) => console.error('video-jobs listener failed', error)),
  });

  const submitHeaders = (opts?: SubmitOptions): Record<string, string> =>
    opts?.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : {};

  return {
    submitJob: (body, opts) =>
      rest.request<Job>('/api/jobs', { method: 'POST', body, headers: submitHeaders(opts), ...signal(opts) }),
    uploadJob: (file, fields = {}, opts) => uploader.upload(file, fields, opts),
    resumeUpload: (file, uploadId, opts) => uploader.resume(file, uploadId, opts),
    getJob: (jobId, opts) => rest.request<Job>(jobPath(jobId), signal(opts)),
    getStageDurations: (opts) => rest.request<StageDurations>('/api/admin/stage-durations', signal(opts)),
    listJobs: (filter = {}, opts) =>
      rest.request<JobPage>('/api/jobs', { query: { ...filterQuery(filter), cursor: filter.cursor, limit: filter.limit }, ...signal(opts) }),
    countJobs: (filter = {}, opts) => rest.request<JobCount>('/api/jobs/count', { query: filterQuery(filter), ...signal(opts) }),
    search: (q, opts) => rest.request<SearchResult>('/api/search', { query: { q, limit: opts?.limit }, ...signal(opts) }),
    startBulk: (request) => rest.request<Bulk>('/api/jobs/bulk', { method: 'POST', body: request }),
    getBulk: (bulkId, opts) => rest.request<Bulk>(`/api/jobs/bulk/${encodeURIComponent(bulkId)}`, signal(opts)),
    cancelJob: (jobId) => rest.request<Job>(`${jobPath(jobId)}/cancel`, { method: 'POST' }),
    deleteJob: (jobId) => rest.request<void>(jobPath(jobId), { method: 'DELETE' }),
    retryJob: (jobId) => rest.request<Job>(`${jobPath(jobId)}/retry`, { method: 'POST' }),
    updateMetadata: (jobId, patch) => rest.request<Job>(`${jobPath(jobId)}/metadata`, { method: 'PATCH', body: patch }),
    listEvents,
    createWebhook: (body) => rest.request<WebhookEndpointWithSecret>('/api/webhooks', { method: 'POST', body }),
    listWebhooks: (page = {}) =>
      rest.request<WebhookEndpointPage>('/api/webhooks', { query: { cursor: page.cursor, limit: page.limit } }),
    getWebhook: (endpointId) => rest.request<WebhookEndpoint>(webhookPath(endpointId)),
    updateWebhook: (endpointId, patch) =>
      rest.request<WebhookEndpoint>(webhookPath(endpointId), { method: 'PATCH', body: patch }),
    deleteWebhook: (endpointId) => rest.request<void>(webhookPath(endpointId), { method: 'DELETE' }),
    rotateWebhookSecret: (endpointId, graceSeconds) =>
      rest.request<WebhookEndpointWithSecret>(`${webhookPath(endpointId)}/rotate-secret`, {
        method: 'POST',
        body: { grace_seconds: graceSeconds },
      }),
    testWebhook: (endpointId) => rest.request<WebhookDelivery>(`${webhookPath(endpointId)}/test`, { method: 'POST' }),
    listWebhookDeliveries: (endpointId, filter = {}) =>
      rest.request<WebhookDeliveryPage>(`${webhookPath(endpointId)}/deliveries`, {
        query: { status: filter.status, cursor: filter.cursor, limit: filter.limit },
      }),
    getWebhookDelivery: (endpointId, deliveryId) =>
      rest.request<WebhookDeliveryDetail>(`${webhookPath(endpointId)}/deliveries/${encodeURIComponent(deliveryId)}`),
    redeliverWebhook: (endpointId, deliveryId) =>
      rest.request<WebhookDelivery>(`${webhookPath(endpointId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, {
        method: 'POST',
      }),
    recoverWebhook: (endpointId, since) =>
      rest.request<{ requeued: number }>(`${webhookPath(endpointId)}/recover`, { method: 'POST', body: { since } }),
    subscribe: (jobId, listener) => live.subscribe(jobId, listener),
    subscribeOwner: (listener, onGap) => live.subscribeOwner(listener, onGap),
    subscribeStats: (listener) => live.subscribeStats(listener),
    getStatus: () => live.getStatus(),
    onStatusChange: (listener) => live.onStatusChange(listener),
    getLastError: () => live.getLastError(),
    onError: (listener) => live.onError(listener),
    reconnect: () => live.reconnect(),
    resolveUrl: (path) => (/^[a-z][a-z0-9+.-]*:/i.test(path) ? path : `${baseUrl}${path}`),
    close: () => live.close(),
  };
}

function filterQuery(filter: Omit<JobFilter, 'cursor' | 'limit'>): Record<string, string | readonly string[] | undefined> {
  return { status: filter.status, tag: filter.tag, created_from: filter.created_from, created_to: filter.created_to, q: filter.q };
}

function signal(opts?: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return opts?.signal ? { signal: opts.signal } : {};
}

function webSocketUrl(baseUrl: string): string {
  if (baseUrl) return `${baseUrl.replace(/^http/, 'ws')}/ws`;
  const location = (globalThis as { location?: { protocol: string; host: string } }).location;
  if (!location) throw new Error('createVideoJobsClient: baseUrl is required outside a browser');
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

const missingWebSocket = class {
  constructor() {
    throw new Error('No WebSocket implementation: pass options.WebSocket');
  }
} as unknown as WebSocketConstructor;
