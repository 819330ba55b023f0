export { VideoJobsProvider, useVideoJobsClient } from './provider.js';
export type { VideoJobsProviderProps } from './provider.js';
export {
  useCancelJob,
  useConnectionStatus,
  useDeleteJob,
  useJob,
  useJobEvents,
  useJobs,
  useRetryJob,
  useStats,
  useSubmitJob,
  useUpdateMetadata,
} from './hooks.js';
export type { Stats, SubmitJobInput, UploadProgress } from './hooks.js';
export { JOBS_KEY, jobKey, LiveJobs } from './liveJobs.js';
