import { describe, expect, it } from 'vitest';
import { applyJobMessage, type Job, type JobMessage } from '../src/index.js';

const job = {
  job_id: 'j1', status: 'PROCESSING', progress_percent: 10, stages: [{
    stage_id: 'THUMBNAIL_GENERATION', status: 'PROCESSING', progress_percent: 10, runnable_at: '2026-12-07T10:00:00Z',
    started_at: '2026-12-07T10:00:01Z', finished_at: null, duration_seconds: null, attempts: 1, cpu_seconds: 0.5,
  }], metadata: {}, thumbnails: [], last_seq: 3,
} as unknown as Job;

describe('applyJobMessage', () => {
  it('keeps the REST-only stage timings when a STAGE_UPDATE changes the stage', () => {
    const message = {
      type: 'STAGE_UPDATE', job_id: 'j1', seq: 4, timestamp: '2026-12-07T10:00:02Z',
      data: { stage_id: 'THUMBNAIL_GENERATION', status: 'COMPLETED', progress_percent: 100 },
    } as unknown as JobMessage;
    const stage = applyJobMessage(job, message).stages[0];
    expect(stage).toMatchObject({ status: 'COMPLETED', progress_percent: 100, started_at: '2026-12-07T10:00:01Z', attempts: 1 });
  });
});
