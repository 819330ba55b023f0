/**
 * REST shapes of the video-jobs API, snake_case as on the wire. Each is the service's OpenAPI document's own:
 * openapi.generated.ts is generated from the committed copy (../openapi.json) by openapi-typescript, so the SDK,
 * the document and the service cannot drift apart (see src/docs/api.md "The contract").
 */
import type { components, operations } from './openapi.generated.js';

type Schemas = components['schemas'];

export type JobStatus = Schemas['JobStatus'];
export type StageId = Schemas['StageId'];
export type StageStatus = Schemas['StageStatus'];
export type MetadataType = keyof Schemas['JobMetadata'];

/** The statuses after which a job never changes again (until a retry). */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export type Stage = Schemas['Stage'];
export type Thumbnail = Schemas['Thumbnail'];
/** Signed links to a job's exports (no token needed), each present once its item is stored. */
export type ExportLinks = Schemas['ExportLinks'];
/** `GET /api/admin/stage-durations`: per stage, over the finished runs of the last hour. */
export type StageDurations = Schemas['StageDurations'];
/** A job in a listing: no stages or metadata; its first thumbnail as a preview. */
export type JobSummary = Schemas['JobSummary'];
/** The full job of `GET /api/jobs/{job_id}`. */
export type Job = Schemas['Job'];
export type JobMetadata = Schemas['JobMetadata'];
export type Transcript = Schemas['Transcript'];
export type Chapter = Schemas['Chapter'];
export type JobPage = Schemas['JobPage'];
export type JobOptions = Schemas['JobOptions'];
/** Body of `POST /api/jobs` for a video at a URL. */
export type SubmitJobBody = Schemas['SubmitJobRequest'];
/** `PATCH /api/jobs/{job_id}/metadata`: the editable items. */
export type MetadataPatch = Schemas['MetadataPatch'];
/** A webhook endpoint; its secret is only in {@link WebhookEndpointWithSecret}, answered by create and rotate. */
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEventType = WebhookEndpoint['event_types'][number];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type WebhookEndpointPage = Schemas['WebhookEndpointPage'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage'];
/** A delivery with its stored body and every attempt. */
export type WebhookDeliveryDetail = Schemas['WebhookDeliveryDetail'];
export type WebhookAttempt = Schemas['WebhookAttempt'];
/** Body of `POST /api/webhooks`. */
export type CreateWebhookBody = Schemas['CreateWebhookRequest'];
/** Body of `PATCH /api/webhooks/{endpoint_id}`. */
export type UpdateWebhookBody = Schemas['UpdateWebhookRequest'];

/** The query of `GET /api/webhooks/{endpoint_id}/deliveries`; a null cursor is the first page. */
export interface DeliveryFilter extends Omit<NonNullable<operations['listWebhookDeliveries']['parameters']['query']>, 'cursor'> {
  cursor?: string | null;
}

/** Body of every 4xx and 5xx answer. */
export type ErrorBody = Schemas['Error'];

/** The query of `GET /api/jobs` (statuses, tag, created from/to, text); a null cursor is the first page. */
export interface JobFilter extends Omit<NonNullable<operations['listJobs']['parameters']['query']>, 'cursor'> {
  cursor?: string | null;
}
/** `GET /api/jobs/count`: how many jobs a filter matches. */
export type JobCount = Schemas['JobCount'];
/** `GET /api/search`: the best matching jobs, each with its snippets and transcript segments. */
export type SearchResult = Schemas['SearchResult'];
export type SearchHit = Schemas['SearchHit'];
/** Plain text and the matched ranges as UTF-16 offsets: escape the text, then mark the ranges. */
export type Snippet = Schemas['Snippet'];
/** Body of `POST /api/jobs/bulk`: an action and either job_ids or a filter. */
export type BulkRequest = Schemas['BulkRequest'];
/** A bulk action's progress and, once COMPLETED, every job's outcome. */
export type Bulk = Schemas['Bulk'];

/** A started resumable upload (`POST /api/uploads`): how the file is cut, and URLs for its first parts. */
export type Upload = Schemas['Upload'];
/** `GET /api/uploads/{upload_id}`: the parts the store holds. */
export type UploadState = Schemas['UploadState'];
/** Where to PUT one part, until when. */
export type PartUrl = Schemas['PartUrl'];

/** Text fields that go with an uploaded file. */
export interface UploadFields {
  stages?: StageId[];
  options?: JobOptions;
}

/** `GET /api/jobs/{job_id}/events`, each event typed as `M` (the SDK uses the AsyncAPI message types). */
export interface EventPage<M = Schemas['JobEvent']> extends Omit<Schemas['EventPage'], 'events'> {
  events: M[];
}
