// Browser test of resumable uploads (run by UploadResumeIT against the packaged service on s3 storage, S3Proxy): a
// page on another origin uploads a real clip with @video-jobs/client's uploadJob, one presigned part at a time
// straight to the store; the connection is cut once the first part is stored, so the upload fails; the page is
// reloaded, the same file chosen again, and uploadJob resumes it from the parts the store reports (no new upload,
// only the missing parts sent). The job completes, its source is byte-identical to the file, and completing again
// answers the same job.
import { readFileSync } from 'node:fs';
import { launchChromium } from './browser.mjs';
import { assert, assertEqual, env, jwt, main, waitFor } from './lib.mjs';
import { servePage } from './page/serve.mjs';

main(async () => {
  const service = env('VIDEO_JOBS_URL');
  const store = env('STORE_URL');
  const clip = env('CLIP');
  const token = jwt('resume-rita');
  const page = await servePage('./upload.ts');
  const chromium = await launchChromium();
  try {
    const tab = await chromium.context.newPage();
    const starts = [];
    const stored = [];
    const failedPuts = [];
    tab.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/uploads') starts.push(request.url());
    });
    tab.on('requestfinished', async (request) => {
      if (request.method() === 'PUT' && request.url().startsWith(store)) {
        const response = await request.response();
        if (response?.status() === 200) stored.push(new URL(request.url()).searchParams.get('partNumber'));
      }
    });
    tab.on('requestfailed', (request) => request.method() === 'PUT' && failedPuts.push(request.failure()?.errorText));
    const url = `${page.origin}/?${new URLSearchParams({ service, token })}`;

    await tab.goto(url);
    await tab.setInputFiles('#file', clip);
    const first = tab.evaluate(() => window.__upload());
    await waitFor('the first part stored', () => stored.length >= 1, 120000, 20);
    await chromium.context.setOffline(true);
    const cut = await first;
    console.log(`first attempt: ${JSON.stringify(cut)}; parts stored before the cut: ${stored.join(',')}`);
    assert(cut.error && cut.upload_id, 'the upload failed when the connection was cut');
    await chromium.context.setOffline(false);

    const state = await api(`/api/uploads/${cut.upload_id}`);
    const done = state.parts_done.map((part) => part.part_number);
    console.log(`the store holds parts ${done.join(',')} of ${state.part_count}`);
    assert(done.length >= 1 && done.length < state.part_count, 'some parts, not all, were stored');

    await tab.reload();
    await tab.setInputFiles('#file', clip);
    const before = stored.length;
    const resumed = await tab.evaluate(() => window.__upload());
    console.log(`after the reload: ${JSON.stringify(resumed)}; parts sent: ${stored.slice(before).join(',')}`);
    assert(resumed.job_id, `the resumed upload made a job: ${JSON.stringify(resumed)}`);
    assertEqual(starts.length, 1, 'the same file resumed the same upload, not a new one');
    assertEqual(stored.slice(before).map(Number).sort((a, b) => a - b),
      range(1, state.part_count).filter((n) => !done.includes(n)), 'only the missing parts were sent');

    const again = await api(`/api/uploads/${cut.upload_id}/complete`, { method: 'POST', body: '{}' });
    assertEqual(again.job_id, resumed.job_id, 'completing again answers the same job');
    const job = await waitFor('the job to complete', async () => {
      const current = await api(`/api/jobs/${resumed.job_id}`);
      assert(current.status !== 'FAILED', `the job failed: ${current.error_message}`);
      return current.status === 'COMPLETED' && current;
    }, 300000, 500);
    const source = Buffer.from(await (await fetch(`${service}${job.video_url}`)).arrayBuffer());
    assert(source.equals(readFileSync(clip)), `the stored source is the file, byte for byte (${source.length} bytes)`);
    const listed = await api('/api/jobs?limit=100');
    assertEqual(listed.items.length, 1, 'one job for the upload');
  } finally {
    await chromium.close();
    page.close();
  }

  async function api(path, init = {}) {
    const response = await fetch(`${service}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    const text = await response.text();
    assert(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  }
});

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
