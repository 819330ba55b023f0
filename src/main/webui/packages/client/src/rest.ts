import { VideoJobsApiError } from './errors.js';
import type { TokenSource } from './tokens.js';

/** The parts of XMLHttpRequest an upload with progress events needs. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body: FormData): void;
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

export interface UploadRequest {
  form: FormData;
  headers: Record<string, string>;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/** Calls the REST API with the bearer token: JSON in and out, errors as VideoJobsApiError, one retry after a 401. */
export class RestTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    private readonly tokens: TokenSource,
    private readonly xhr: (new () => XhrLike) | undefined,
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

  /** A multipart upload; with XMLHttpRequest (browsers) it reports upload progress. */
  async upload<T>(path: string, request: UploadRequest): Promise<T> {
    const Xhr = this.xhr;
    if (!Xhr) {
      const token = await this.tokens.current();
      const init: RequestInit = { method: 'POST', body: request.form, headers: { ...request.headers, Authorization: `Bearer ${token}` } };
      if (request.signal) init.signal = request.signal;
      const response = await this.fetchImpl(this.url(path), init);
      const text = await response.text();
      if (!response.ok) throw apiError(response.status, text, response.headers.get('Retry-After'));
      return JSON.parse(text) as T;
    }
    const token = await this.tokens.current();
    return new Promise<T>((resolve, reject) => {
      const xhr = new Xhr();
      xhr.open('POST', this.url(path));
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      Object.entries(request.headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (event) => request.onProgress?.(event.loaded, event.lengthComputable ? event.total : 0);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
        else reject(apiError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
      };
      xhr.onerror = () => reject(new VideoJobsApiError(0, { error_message: 'Upload failed' }));
      xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
      request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(request.form);
    });
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
