import { VideoJobsApiError } from './errors.js';
import type { RestTransport, XhrLike } from './rest.js';
import type { Job, PartUrl, Upload as StartedUpload, UploadFields, UploadState } from './types.js';

/** Where unfinished uploads are remembered between page loads, by file; `localStorage` fits. */
export interface UploadMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DirectUploadOptions {
  /** Bytes sent so far (parts the store already held count as sent) and the file's size. */
  onProgress?: (loaded: number, total: number) => void;
  /** The upload's id, once known: keep it to call `resumeUpload` later. */
  onUploadId?: (uploadId: string) => void;
  signal?: AbortSignal;
  /** Parts sent at the same time; default 4. */
  concurrency?: number;
  /** Tries of one part before the upload fails; default 6. */
  maxAttempts?: number;
}

export interface UploadTiming {
  /** Wait before the second try of a part; it doubles with each try, up to `maxRetryDelayMs`, with jitter. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** A part URL that expires sooner than this is signed again before use. */
  urlRenewLeadMs: number;
}

export const DEFAULT_UPLOAD_TIMING: UploadTiming = { retryDelayMs: 500, maxRetryDelayMs: 15_000, urlRenewLeadMs: 60_000 };

interface UploaderDeps {
  rest: RestTransport;
  fetch: typeof fetch;
  xhr: (new () => XhrLike) | undefined;
  memory: UploadMemory | undefined;
  timing: UploadTiming;
  random: () => number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A part the store refused because its URL expired or is not valid (any more): sign it again. */
class ExpiredUrl extends Error {}

/**
 * Resumable direct uploads (`/api/uploads`): the file goes in parts straight to the part URLs the service signs (the
 * store's presigned URLs, or the service's own with local storage), a few at a time, each retried with backoff and
 * signed again when its URL expired; then the service joins them into a job. An unfinished upload is remembered by
 * file (name, size, last change) so that uploading the same file again, after a reload, resumes it from the parts
 * the store holds.
 */
export class DirectUploader {
  constructor(private readonly deps: UploaderDeps) {}

  /** Uploads a file and answers its job; resumes a remembered unfinished upload of the same file. */
  async upload(file: Blob, fields: UploadFields & { filename?: string }, options: DirectUploadOptions = {}): Promise<Job> {
    const remembered = this.deps.memory?.getItem(memoryKey(file));
    if (remembered) {
      const state = await this.state(remembered).catch(() => undefined);
      if (state?.status === 'UPLOADING' && state.size === file.size) return this.send(file, state, [], options);
      this.deps.memory?.removeItem(memoryKey(file));
    }
    const started = await this.deps.rest.request<StartedUpload>('/api/uploads', {
      method: 'POST',
      body: {
        filename: fields.filename ?? ((file as { name?: string }).name || 'video'),
        size: file.size,
        ...(file.type ? { content_type: file.type } : {}),
        ...(fields.stages ? { stages: fields.stages } : {}),
        ...(fields.options ? { options: fields.options } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.deps.memory?.setItem(memoryKey(file), started.upload_id);
    return this.send(file, { ...started, job_id: null, parts_done: [] }, started.parts, options);
  }

  /** Goes on with an upload of this file: sends the parts the store does not hold, then completes it. */
  async resume(file: Blob, uploadId: string, options: DirectUploadOptions = {}): Promise<Job> {
    const state = await this.state(uploadId);
    if (state.status === 'COMPLETED') return this.complete(uploadId, file, options);
    if (state.size !== file.size) {
      throw new VideoJobsApiError(400, { error_code: 'VALIDATION_ERROR', error_message: 'This is not the file of that upload' });
    }
    return this.send(file, state, [], options);
  }

  private state(uploadId: string): Promise<UploadState> {
    return this.deps.rest.request<UploadState>(`/api/uploads/${encodeURIComponent(uploadId)}`);
  }

  private async send(file: Blob, upload: UploadState, urls: PartUrl[], options: DirectUploadOptions): Promise<Job> {
    const id = upload.upload_id;
    options.onUploadId?.(id);
    const known = new Map<number, PartUrl>(urls.map((url) => [url.part_number, url]));
    const done = new Set(upload.parts_done.filter((part) => part.size === partLength(upload, part.part_number))
      .map((part) => part.part_number));
    const sent = new Map<number, number>();
    upload.parts_done.forEach((part) => done.has(part.part_number) && sent.set(part.part_number, part.size));
    const report = () => options.onProgress?.([...sent.values()].reduce((sum, bytes) => sum + bytes, 0), file.size);
    report();
    const queue: number[] = [];
    for (let part = 1; part <= upload.part_count; part++) if (!done.has(part)) queue.push(part);

    const urlFor = async (part: number): Promise<string> => {
      const url = known.get(part);
      if (url && Date.parse(url.expires_at) - this.deps.now() > this.deps.timing.urlRenewLeadMs) return url.url;
      const batch = [part, ...queue.slice(0, 9)];
      const fresh = await this.deps.rest.request<{ parts: PartUrl[] }>(`/api/uploads/${encodeURIComponent(id)}/parts`, {
        method: 'POST',
        body: { part_numbers: batch },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      fresh.parts.forEach((partUrl) => known.set(partUrl.part_number, partUrl));
      return known.get(part)!.url;
    };

    const sendPart = async (part: number) => {
      const from = (part - 1) * upload.part_size;
      const bytes = file.slice(from, from + partLength(upload, part));
      const attempts = options.maxAttempts ?? 6;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.put(this.deps.rest.absolute(await urlFor(part)), bytes, (loaded) => {
            sent.set(part, loaded);
            report();
          }, options.signal);
          sent.set(part, bytes.size);
          report();
          return;
        } catch (error) {
          if (options.signal?.aborted) throw error;
          sent.delete(part);
          report();
          if (error instanceof ExpiredUrl) known.delete(part);
          if (attempt >= attempts) throw error instanceof ExpiredUrl ? new VideoJobsApiError(403, { error_message: error.message }) : error;
          if (!(error instanceof ExpiredUrl)) await this.deps.sleep(this.backoff(attempt), options.signal);
        }
      }
    };

    const worker = async () => {
      for (let part = queue.shift(); part !== undefined; part = queue.shift()) await sendPart(part);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, queue.length)) }, worker));
    return this.complete(id, file, options);
  }

  /** Completes the upload; a repeat (after a lost answer) gets the same job, so network failures are simply retried. */
  private async complete(uploadId: string, file: Blob, options: DirectUploadOptions): Promise<Job> {
    for (let attempt = 1; ; attempt++) {
      try {
        const job = await this.deps.rest.request<Job>(`/api/uploads/${encodeURIComponent(uploadId)}/complete`, {
          method: 'POST',
          body: {},
          ...(options.signal ? { signal: options.signal } : {}),
        });
        this.deps.memory?.removeItem(memoryKey(file));
        return job;
      } catch (error) {
        const retriable = error instanceof VideoJobsApiError && (error.status === 0 || error.status >= 500 || error.status === 429);
        if (!retriable || attempt >= (options.maxAttempts ?? 6) || options.signal?.aborted) throw error;
        await this.deps.sleep(error.retry_after !== undefined ? error.retry_after * 1000 : this.backoff(attempt), options.signal);
      }
    }
  }

  private backoff(attempt: number): number {
    const { retryDelayMs, maxRetryDelayMs } = this.deps.timing;
    const base = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (attempt - 1));
    return base / 2 + (base / 2) * this.deps.random();
  }

  /** PUTs one part with no header of ours (a presigned URL carries its credentials), with progress where XHR exists. */
  private put(url: string, body: Blob, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<void> {
    const Xhr = this.deps.xhr;
    if (!Xhr) {
      return this.deps.fetch(url, { method: 'PUT', body, ...(signal ? { signal } : {}) }).then(
        (response) => check(response.status, response.statusText),
        (error) => {
          if (signal?.aborted) throw error;
          throw new VideoJobsApiError(0, { error_message: 'A part could not be sent' });
        },
      );
    }
    return new Promise<void>((resolve, reject) => {
      const xhr = new Xhr();
      xhr.open('PUT', url);
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () => {
        try {
          check(xhr.status, xhr.responseText);
          resolve();
        } catch (error) {
          reject(error);
        }
      };
      xhr.onerror = () => reject(new VideoJobsApiError(0, { error_message: 'A part could not be sent' }));
      xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(body);
    });
  }
}

/** A part's answer: 2xx stored; 403 (and 400 from a store that reports an expired signature so) means sign again. */
function check(status: number, text: string): void {
  if (status >= 200 && status < 300) return;
  if (status === 403 || (status === 400 && /expire/i.test(text))) throw new ExpiredUrl(`The part URL was refused (${status})`);
  throw new VideoJobsApiError(status, { error_message: `A part was refused (${status})` });
}

function partLength(upload: { size: number; part_size: number; part_count: number }, part: number): number {
  return part < upload.part_count ? upload.part_size : upload.size - upload.part_size * (upload.part_count - 1);
}

function memoryKey(file: Blob): string {
  const named = file as { name?: string; lastModified?: number };
  return `video-jobs.upload:${named.name ?? ''}:${file.size}:${named.lastModified ?? ''}:${file.type}`;
}

/** Waits `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Upload aborted', 'AbortError'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Upload aborted', 'AbortError'));
    }, { once: true });
  });
}
