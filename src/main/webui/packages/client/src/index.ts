export { createVideoJobsClient } from './client.js';
export type { VideoJobsClient, VideoJobsClientOptions, SubmitOptions, UploadOptions } from './client.js';
export { DEFAULT_TIMING } from './connection.js';
export type {
  ConnectionError,
  ConnectionStatus,
  EventSourceLike,
  JobListener,
  OwnerCursor,
  OwnerGapListener,
  OwnerListener,
  StatsListener,
  Timing,
  WebSocketConstructor,
  WebSocketLike,
} from './connection.js';
export { VideoJobsApiError } from './errors.js';
export { applyJobMessage, isTerminalUpdate } from './jobState.js';
export type { JobMessage } from './jobState.js';
export type { XhrLike } from './rest.js';
export { DEFAULT_UPLOAD_TIMING } from './upload.js';
export type { DirectUploadOptions, UploadMemory, UploadTiming } from './upload.js';
export { TERMINAL_STATUSES } from './types.js';
export type * from './types.js';
export type * from './messages.generated.js';
export { SERVER_MESSAGE_TYPES } from './messages.generated.js';
