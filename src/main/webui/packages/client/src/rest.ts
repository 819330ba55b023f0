import { VideoJobsApiError } from './errors.js';
import type { TokenSource } from './tokens.js';

/** The parts of XMLHttpRequest an upload part with progress events needs. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body: Blob): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface RequestOptions {
  method?: string;
  /** An array value repeats the parameter (`status=FAILED&status=CANCELLED`). */
  query?: Record<string, string | number | null | undefined | readonly string[]>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the REST API with the bearer token: JSON in and out, errors as VideoJobsApiError, one retry after a 401. */
export class RestTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    private readonly tokens: TokenSource,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const params = Object.entries(query ?? {})
      .flatMap(([key, value]) => (Array.isArray(value) ? value.map((one: string) => [key, one] as const) : [[key, value] as const]))
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    return `${this.baseUrl}${path}${params.length ? `?${params.join('&')}` : ''}`;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const send = async (token: string) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...options.headers };
      const init: RequestInit = { method: options.method ?? 'GET', headers };
      if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(options.body);
      }
      if (options.signal) init.signal = options.signal;
      try {
        return await this.fetchImpl(this.url(path, options.query), init);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw new VideoJobsApiError(0, { error_message: String(error) });
      }
    };
    let response = await send(await this.tokens.current());
    if (response.status === 401) {
      this.tokens.invalidate();
      response = await send(await this.tokens.refresh());
    }
    const text = await response.text();
    if (!response.ok) throw apiError(response.status, text, response.headers.get('Retry-After'));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A part URL (a service path, or a store's absolute URL) as an absolute URL. */
  absolute(url: string): string {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${this.baseUrl}${url}`;
  }
}

function apiError(status: number, text: string, retryAfter: string | null): VideoJobsApiError {
  let body = {};
  try {
    body = text ? (JSON.parse(text) as object) : {};
  } catch {
    body = { error_message: text };
  }
  const seconds = retryAfter !== null && retryAfter !== '' ? Number(retryAfter) : undefined;
  return new VideoJobsApiError(status, body, Number.isFinite(seconds) ? seconds : undefined);
}
