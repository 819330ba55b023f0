import type { ServerMessage } from './messages.generated.js';
import type { Job, Stage } from './types.js';
import { TERMINAL_STATUSES } from './types.js';

/** A server message about one job (job_id set); JOB_CREATED belongs to the owner's feed, not to the job's log. */
export type JobMessage =
  | Exclude<Extract<ServerMessage, { job_id: string }>, { type: 'JOB_CREATED' }>
  | Extract<ServerMessage, { type: 'ERROR' }>;

/**
 * Applies one job message to a job as `GET /api/jobs/{id}` returns it, without mutating it, so a live view stays
 * equal to what the REST API would answer. Messages for another job, or not newer than the job's `last_seq`
 * (a snapshot message may equal it), leave the job unchanged.
 */
export function applyJobMessage(job: Job, message: JobMessage): Job {
  if (message.job_id !== job.job_id || typeof message.seq !== 'number') return job;
  const isSnapshot = 'snapshot' in message && message.snapshot === true;
  if (isSnapshot ? message.seq < job.last_seq : message.seq <= job.last_seq) return job;
  const next: Job = { ...job, last_seq: message.seq };
  switch (message.type) {
    case 'JOB_UPDATE': {
      next.status = message.data.status;
      next.progress_percent = message.data.progress_percent;
      if (message.data.error_message !== undefined) next.error_message = message.data.error_message;
      else delete next.error_message;
      break;
    }
    case 'STAGE_UPDATE': {
      // The REST stage's timings are not in the message: keep the ones the job was read with.
      const index = job.stages.findIndex((s) => s.stage_id === message.data.stage_id);
      const stage: Stage = {
        ...(index < 0 ? {} : job.stages[index]),
        stage_id: message.data.stage_id,
        status: message.data.status,
        progress_percent: message.data.progress_percent,
      };
      if (message.data.error_message !== undefined) stage.error_message = message.data.error_message;
      else delete stage.error_message;
      next.stages = index < 0 ? [...job.stages, stage] : job.stages.map((s, i) => (i === index ? stage : s));
      break;
    }
    case 'METADATA_UPDATE':
      next.metadata = { ...job.metadata, [message.data.metadata_type]: message.data.content };
      break;
    case 'THUMBNAIL_GENERATED': {
      const others = job.thumbnails.filter((t) => t.thumbnail_id !== message.data.thumbnail_id);
      next.thumbnails = [...others, message.data];
      break;
    }
    default:
      break;
  }
  if (!isSnapshot) next.updated_at = message.timestamp;
  return next;
}

/** Whether a message ends the job's run: its state should then be read again in full. */
export function isTerminalUpdate(message: JobMessage): boolean {
  return message.type === 'JOB_UPDATE' && message.snapshot !== true && TERMINAL_STATUSES.includes(message.data.status);
}
