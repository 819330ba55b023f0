import type { ErrorBody } from './types.js';

/** A non-2xx answer of the REST API, with the service's machine-readable `error_code`. */
export class VideoJobsApiError extends Error {
  readonly status: number;
  readonly error_code: string;
  readonly error_message: string;
  readonly details?: ErrorBody['details'];
  /** Seconds to wait, from `Retry-After` (429 RATE_LIMITED, 503 STORAGE_UNAVAILABLE). */
  readonly retry_after?: number;

  constructor(status: number, body: Partial<ErrorBody>, retryAfter?: number) {
    const code = body.error_code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    const message = body.error_message ?? (status === 0 ? 'The service could not be reached' : `HTTP ${status}`);
    super(`${code}: ${message}`);
    this.name = 'VideoJobsApiError';
    this.status = status;
    this.error_code = code;
    this.error_message = message;
    if (body.details) this.details = body.details;
    if (retryAfter !== undefined) this.retry_after = retryAfter;
  }
}
