export { VideoJobsProvider, useVideoJobsClient } from './provider.js';
export type { VideoJobsProviderProps } from './provider.js';
export {
  useCancelJob,
  useConnectionStatus,
  useDeleteJob,
  useBulkAction,
  useJob,
  useJobCount,
  useJobEvents,
  useJobs,
  useSearch,
  useRetryJob,
  useStageDurations,
  useStats,
  useSubmitJob,
  useUpdateMetadata,
} from './hooks.js';
export type { Stats, SubmitJobInput, UploadProgress } from './hooks.js';
export { JOB_COUNTS_KEY, JOBS_KEY, jobKey, LiveJobs } from './liveJobs.js';
export {
  WEBHOOKS_KEY,
  useCreateWebhook,
  useDeleteWebhook,
  useRecoverWebhook,
  useRedeliverWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhookDelivery,
  useWebhooks,
} from './webhooks.js';
export { useTheme } from './theme.js';
export type { Theme } from './theme.js';
export { useMediaTime } from './media.js';
export { useShortcuts } from './shortcuts.js';
export type { Shortcuts } from './shortcuts.js';
