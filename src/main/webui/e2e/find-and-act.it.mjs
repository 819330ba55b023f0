// Browser test of finding and acting on many jobs, run by FindAndActTest against a service with the engine on that
// serves the dashboard. Environment: VIDEO_JOBS_URL, TOKEN (a user of this test alone), CLIP (a video whose speech
// makes more than one transcript segment).
// Search for a word said in the clip and open the hit: the player starts where it is said. Set filters, reload: the
// same view. Select all jobs matching, retry them and read the results. Submit a job with the API while the list is
// open: its row appears without a reload.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { launchChromium, pageErrors } from './browser.mjs';
import { assert, assertEqual, env, main, waitFor } from './lib.mjs';

const STEP = 120_000;
const FAILING_JOBS = 22; // more than a page (20), so "select all N matching" is offered
const STOP_WORDS = new Set(['about', 'there', 'their', 'these', 'those', 'which', 'would', 'could', 'should']);

const base = env('VIDEO_JOBS_URL');
const token = env('TOKEN');

async function api(path, init = {}) {
  const response = await fetch(base + path, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const submitUrl = (url) => api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ source_url: url }) });

async function awaitJob(jobId, statuses, timeout = 4 * STEP) {
  return waitFor(`job ${jobId} to be ${statuses}`, async () => {
    const job = await api(`/api/jobs/${jobId}`);
    return statuses.includes(job.status) ? job : null;
  }, timeout, 250);
}

main(async () => {
  const clip = env('CLIP');
  console.log('upload the clip with the API and wait until it is processed');
  const form = new FormData();
  form.append('file', new Blob([readFileSync(clip)], { type: 'video/mp4' }), basename(clip));
  const spoken = await api('/api/jobs', { method: 'POST', body: form });
  const done = await awaitJob(spoken.job_id, ['COMPLETED', 'FAILED']);
  assertEqual(done.status, 'COMPLETED', `the clip is processed: ${JSON.stringify(done.stages)}`);
  const segments = done.metadata.TRANSCRIPT?.segments ?? [];
  const said = segments.flatMap((segment) => (segment.text.match(/[A-Za-z]{5,}/g) ?? [])
    .filter((word) => !STOP_WORDS.has(word.toLowerCase()))
    .map((word) => ({ word: word.toLowerCase(), start: segment.start_seconds })))
    .find((candidate) => candidate.start >= 5);
  assert(said, `a word of five letters or more said after 5 s: ${JSON.stringify(segments)}`);
  console.log(`"${said.word}" is said at ${said.start} s`);

  const chromium = await launchChromium();
  try {
    const page = await chromium.context.newPage();
    const errors = pageErrors(page);
    await page.goto(base);
    await page.getByLabel('Bearer token (JWT)').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    console.log('search for the word, open the transcript hit: the player starts where it is said');
    await page.getByLabel('Search videos').fill(said.word);
    await page.getByLabel('Search videos').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === said.word);
    const hit = page.locator(`.hit[data-job-id="${spoken.job_id}"]`);
    await hit.waitFor({ timeout: STEP });
    assert(await hit.locator('mark').count() > 0, 'the matched words are marked');
    const second = Math.floor(said.start);
    const segmentLink = hit.locator(`a.hit-segment[href="/jobs/${spoken.job_id}?t=${second}"]`);
    await segmentLink.first().click();
    await page.waitForURL(`${base}/jobs/${spoken.job_id}?t=${second}`);
    const at = await waitFor('the player at the hit', () => page.evaluate((t) => {
      const video = document.querySelector('video');
      return video && video.readyState >= 1 && Math.abs(video.currentTime - t) < 1 ? video.currentTime : null;
    }, second), STEP);
    console.log(`the player is at ${at} s`);

    console.log(`${FAILING_JOBS} jobs fail (their source cannot be fetched)`);
    const failing = [];
    for (let i = 0; i < FAILING_JOBS; i++) failing.push((await submitUrl(`https://videos.example.com/missing-${i}.mp4`)).job_id);
    for (const jobId of failing) await awaitJob(jobId, ['FAILED']);

    console.log('filter by status Failed, reload: the same view');
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Failed', exact: true }).check();
    await page.waitForURL((url) => url.searchParams.getAll('status').join() === 'FAILED');
    await page.locator(`.job-row[data-job-id="${failing[FAILING_JOBS - 1]}"]`).waitFor();
    await page.reload();
    assert(await page.getByRole('checkbox', { name: 'Failed', exact: true }).isChecked(), 'the filter is kept');
    await page.locator(`.job-row[data-job-id="${failing[FAILING_JOBS - 1]}"] .row-error`).waitFor();
    const shown = await page.locator('.job-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')));
    assertEqual(shown, [...failing].reverse().slice(0, 20), 'the failed jobs, newest first, one page');

    console.log('select all matching, retry them, read the results');
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: `Select all ${FAILING_JOBS} matching` }).click();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: `Yes, retry ${FAILING_JOBS}` }).click();
    await page.getByText(`Retry finished: ${FAILING_JOBS} done, 0 skipped, 0 failed`).waitFor({ timeout: STEP });
    await page.getByRole('button', { name: 'Close' }).click();

    console.log('the list is open; a job submitted with the API appears without a reload');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.locator('[data-connection="live"]').waitFor({ timeout: STEP });
    await page.evaluate(() => { /** @type {any} */ (window).__sameDocument = true; });
    const submittedAt = Date.now();
    const elsewhere = await submitUrl('https://videos.example.com/from-a-backend.mp4');
    await page.locator(`.job-row[data-job-id="${elsewhere.job_id}"]`).waitFor({ timeout: 10_000 });
    console.log(`it appeared ${Date.now() - submittedAt} ms after the POST`);
    assert(await page.evaluate(() => /** @type {any} */ (window).__sameDocument === true), 'the page was not reloaded');
    assertEqual(errors, [], 'no console errors');
  } finally {
    await chromium.close();
  }
});
