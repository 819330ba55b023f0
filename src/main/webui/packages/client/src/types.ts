/** REST shapes of the video-jobs API (snake_case, exactly as on the wire). */
import type { JobUpdateMessage, StageUpdateMessage, ThumbnailGeneratedMessage } from './messages.generated.js';

export type JobStatus = JobUpdateMessage['data']['status'];
export type StageId = StageUpdateMessage['data']['stage_id'];
export type StageStatus = StageUpdateMessage['data']['status'];
export type MetadataType = 'TITLE' | 'DESCRIPTION' | 'TAGS' | 'TRANSCRIPT' | 'CHAPTERS';

/** The statuses after which a job never changes again (until a retry). */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface Stage {
  stage_id: StageId;
  status: StageStatus;
  progress_percent: number;
  error_message?: string;
  /** When the stage could first run (its job was claimed with it next, or the stage before it finished). */
  runnable_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  /** Seconds from started_at to finished_at, once finished. */
  duration_seconds?: number | null;
  /** How many times the stage was started (retries and resumed runs count). */
  attempts?: number;
  /** CPU seconds: its ffmpeg/ffprobe processes' plus the worker thread's, over every attempt. */
  cpu_seconds?: number | null;
}

/** Signed links to a job's exports (no token needed), each present once its item is stored. */
export interface ExportLinks {
  transcript_vtt?: string;
  transcript_srt?: string;
  transcript_txt?: string;
  transcript_json?: string;
  chapters_vtt?: string;
}

/** `GET /api/admin/stage-durations`: per stage, over the finished runs of the last hour. */
export interface StageDurations {
  window_seconds: number;
  stages: Array<{ stage_id: StageId; runs: number; median_seconds: number; p95_seconds: number }>;
}

export type Thumbnail = ThumbnailGeneratedMessage['data'];

/** A job in a listing: no stages or metadata; its first thumbnail as a preview. */
export interface JobSummary {
  job_id: string;
  /** The token `sub` that submitted it (admins list every user's jobs). */
  owner_id: string;
  status: JobStatus;
  progress_percent: number;
  error_message?: string;
  source_url: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  last_seq: number;
  /** The first generated thumbnail, in listings only. */
  first_thumbnail?: Thumbnail;
}

/** The full job of `GET /api/jobs/{job_id}`. */
export interface Job extends JobSummary {
  stages: Stage[];
  metadata: Partial<Record<MetadataType, unknown>>;
  thumbnails: Thumbnail[];
  /** Signed link to the stored source video (`GET /api/jobs/{job_id}/source`, Range support) once it is stored. */
  video_url?: string;
  /** Signed links to the transcript and chapter files. */
  exports?: ExportLinks;
}

export interface JobPage {
  items: JobSummary[];
  next_cursor: string | null;
}

export interface JobFilter {
  status?: JobStatus;
  cursor?: string | null;
  limit?: number;
}

export interface JobOptions {
  thumbnail_count?: number;
  thumbnail_width?: number;
  [option: string]: unknown;
}

/** Body of `POST /api/jobs` for a video at a URL. */
export interface SubmitJobBody {
  source_url: string;
  stages?: StageId[];
  options?: JobOptions;
}

/** Text fields that go with an uploaded file. */
export interface UploadFields {
  stages?: StageId[];
  options?: JobOptions;
}

/** `PATCH /api/jobs/{job_id}/metadata`: the editable items. */
export interface MetadataPatch {
  TITLE?: string;
  DESCRIPTION?: string;
  TAGS?: string[];
}

/** `GET /api/jobs/{job_id}/events`. */
export interface EventPage<M = unknown> {
  job_id: string;
  events: M[];
  next_after_seq: number;
  last_seq: number;
  has_more: boolean;
}

/** Body of every 4xx and 5xx answer. */
export interface ErrorBody {
  error_code: string;
  error_message: string;
  details?: Array<{ field: string; message: string }>;
}
