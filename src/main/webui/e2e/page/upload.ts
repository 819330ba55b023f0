// The page of the resumable-upload browser test: a file input, and window.__upload(), which uploads the chosen file
// with @video-jobs/client's uploadJob (one part at a time, few tries, so that a cut connection ends it) and answers
// the job id or the error. Query parameters: service, token.
import { createVideoJobsClient } from '@video-jobs/client';

const params = new URLSearchParams(location.search);
const client = createVideoJobsClient({
  baseUrl: params.get('service') ?? '',
  getToken: () => params.get('token') ?? '',
  uploadTiming: { retryDelayMs: 200, maxRetryDelayMs: 400 },
});
document.body.innerHTML = '<input type="file" id="file"><p id="progress">0</p>';

const w = window as unknown as { __upload: () => Promise<{ job_id?: string; upload_id?: string; error?: string }> };
w.__upload = async () => {
  const file = (document.getElementById('file') as HTMLInputElement).files![0]!;
  let uploadId: string | undefined;
  try {
    const job = await client.uploadJob(file, { stages: ['METADATA_EXTRACTION', 'THUMBNAIL_GENERATION'] }, {
      concurrency: 1,
      maxAttempts: 2,
      onUploadId: (id) => (uploadId = id),
      onProgress: (loaded, total) => (document.getElementById('progress')!.textContent = `${loaded}/${total}`),
    });
    return { job_id: job.job_id, ...(uploadId ? { upload_id: uploadId } : {}) };
  } catch (error) {
    return { error: String(error), ...(uploadId ? { upload_id: uploadId } : {}) };
  }
};
