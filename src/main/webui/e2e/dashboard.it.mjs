// End-to-end test of the dashboard in Debian's Chromium, run by DashboardIT against the packaged service.
// Environment: SCENARIO (live, restart, retry, operator or media), VIDEO_JOBS_URL, USER_TOKEN, OWNER (its sub), ADMIN_TOKEN, CLIP
// (speech and scene cuts), LONG_CLIP, LONG_SPEECH_CLIP (48 s of speech), NOT_MEDIA (a file that is no video), SCREENSHOTS (a directory).
// Every page runs with prefers-reduced-motion: reduce, so no progress bar is drawn mid-transition.
// Talks to DashboardIT on stdin/stdout: prints "RESTART <job>" and waits for "STARTED" after the service restarted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { assertAccessible, emulateTheme } from './lib.mjs';

const SCENARIO = required('SCENARIO');
const BASE = required('VIDEO_JOBS_URL');
const USER_TOKEN = required('USER_TOKEN');
const ADMIN_TOKEN = required('ADMIN_TOKEN');
const OWNER = required('OWNER');
const CLIP = required('CLIP');
const LONG_CLIP = required('LONG_CLIP');
const LONG_SPEECH_CLIP = required('LONG_SPEECH_CLIP');
const NOT_MEDIA = required('NOT_MEDIA');
const SCREENSHOTS = required('SCREENSHOTS');
const STEP = 120_000;
const stdin = createInterface({ input: process.stdin });
const lines = [];
let waiting = null;
stdin.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : lines.push(line)));

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function log(message) {
  console.log(`${new Date().toISOString()} ${message}`);
}

function nextLine() {
  return lines.length > 0 ? Promise.resolve(lines.shift()) : new Promise((resolve) => (waiting = resolve));
}

async function api(path, token = USER_TOKEN) {
  const response = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

/** Browser console errors and uncaught exceptions; network failures are allowed only while the service is down. */
function watchConsole(page, errors, outage) {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (outage.down && /ERR_CONNECTION_REFUSED|WebSocket connection|Failed to load resource|Failed to fetch/.test(text)) return;
    errors.push(`console: ${text}`);
  });
}

async function signIn(page, token) {
  await page.goto(BASE);
  await page.getByLabel('Bearer token (JWT)').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Records, from the DOM, every progress value, the thumbnail count at each change, and each badge text. */
async function startSampling(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__samples = { progress: {}, thumbnails: [], badge: [] };
    const record = () => {
      for (const bar of document.querySelectorAll('[role=progressbar]')) {
        const name = bar.getAttribute('aria-label');
        const values = (w.__samples.progress[name] ??= []);
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (values[values.length - 1] !== value) values.push(value);
      }
      const count = document.querySelectorAll('[data-thumbnail-id]').length;
      if (w.__samples.thumbnails[w.__samples.thumbnails.length - 1] !== count) w.__samples.thumbnails.push(count);
      const badge = document.querySelector('[data-connection]')?.getAttribute('data-connection');
      if (badge && w.__samples.badge[w.__samples.badge.length - 1] !== badge) w.__samples.badge.push(badge);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

const samples = (page) => page.evaluate(() => /** @type {any} */ (window).__samples);

function assertNeverBackwards(progress) {
  for (const [name, values] of Object.entries(progress)) {
    for (let i = 1; i < values.length; i++) {
      assert.ok(values[i] >= values[i - 1], `${name} went from ${values[i - 1]} to ${values[i]}: ${values.join(',')}`);
    }
  }
}

async function uploadFromForm(page, file, stages) {
  await page.goto(BASE);
  await page.getByLabel('…or drop a video file here, or choose one').setInputFiles(file);
  if (stages) {
    for (const box of await page.getByRole('group', { name: 'Stages' }).getByRole('checkbox').all()) {
      const name = (await box.evaluate((el) => el.parentElement.textContent)).trim();
      if (stages.includes(name) !== (await box.isChecked())) await box.click();
    }
  }
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: STEP });
  return page.url().split('/').pop();
}

const status = (page) => page.locator('.job-status [data-status]').getAttribute('data-status');

async function awaitStatus(page, expected, timeout = STEP) {
  await page.locator(`.job-status [data-status="${expected}"]`).waitFor({ timeout });
}

/** What the page shows of a job, to compare with GET /api/jobs/{id}. */
async function shown(page) {
  return page.evaluate(() => ({
    status: document.querySelector('.job-status [data-status]')?.getAttribute('data-status'),
    progress: Number(document.querySelector('[aria-label="Overall progress"]')?.getAttribute('aria-valuenow')),
    stages: [...document.querySelectorAll('[data-stage]')].map((li) => ({
      stage_id: li.getAttribute('data-stage'),
      status: li.querySelector('[data-status]')?.getAttribute('data-status'),
      progress_percent: Number(li.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')),
    })),
    thumbnails: [...document.querySelectorAll('[data-thumbnail-id]')].map((li) => li.getAttribute('data-thumbnail-id')),
  }));
}

async function assertMatchesApi(page, jobId) {
  const job = await api(`/api/jobs/${jobId}`);
  const page_ = await shown(page);
  assert.equal(page_.status, job.status);
  assert.equal(page_.progress, job.progress_percent);
  assert.deepEqual(page_.stages, job.stages.map((s) => ({ stage_id: s.stage_id, status: s.status, progress_percent: s.progress_percent })));
  assert.deepEqual(page_.thumbnails, job.thumbnails.map((t) => t.thumbnail_id));
  assert.equal(new Set(page_.thumbnails).size, page_.thumbnails.length, 'no thumbnail shown twice');
}

/**
 * Every progress bar's drawn fill, as a share of its track, matches its value and its printed label within 1 %,
 * with transitions off (reduced motion): what a screenshot shows agrees with what it says.
 */
async function assertBarsMatchLabels(page) {
  const bars = await page.locator('[role=progressbar]').evaluateAll((elements) => elements.map((bar) => ({
    name: bar.getAttribute('aria-label'),
    value: Number(bar.getAttribute('aria-valuenow')),
    text: bar.querySelector('.progress-text')?.textContent,
    drawn: (100 * bar.querySelector('.progress-fill').getBoundingClientRect().width)
      / bar.querySelector('.progress-track').getBoundingClientRect().width,
    transition: getComputedStyle(bar.querySelector('.progress-fill')).transitionDuration,
  })));
  for (const bar of bars) {
    assert.equal(bar.transition, '0s', `${bar.name}: no width transition with reduced motion`);
    assert.equal(bar.text, `${bar.value}%`, `${bar.name}: label`);
    assert.ok(Math.abs(bar.drawn - bar.value) <= 1, `${bar.name}: drawn ${bar.drawn.toFixed(1)}% for a label of ${bar.text}`);
  }
}

/** Checks the progress bars, then takes a full-page screenshot. */
async function screenshot(page, name) {
  await assertBarsMatchLabels(page);
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

async function loadedVideo(page) {
  const video = page.getByLabel('Source video');
  await video.evaluate((el) => (el.readyState >= 1 ? null : new Promise((resolve, reject) => {
    el.addEventListener('loadedmetadata', resolve, { once: true });
    el.addEventListener('error', () => reject(new Error(`video error ${el.error?.code}`)), { once: true });
  })));
  return video;
}

async function assertLabelledControls(page) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, textarea, select, a[href]')]
      .filter((el) => {
        const labelled = el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`))
          || el.closest('label') || el.querySelector('img[alt]:not([alt=""])');
        return !labelled;
      })
      .map((el) => el.outerHTML.slice(0, 120)));
  assert.deepEqual(unlabelled, [], 'every control has a label');
}

async function assertFitsWidth(page) {
  const { overflow, widest } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    widest: [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => el.outerHTML.slice(0, 100)).slice(-3),
  }));
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the ${page.viewportSize().width}px viewport: ${widest.join(' | ')}`);
}

const errors = [];
const outage = { down: false };

const SCENARIOS = {
  /** Sign-in, upload, live progress and thumbnails, transcript, chapters, seeking, an edit, the list. */
  async live(page) {
    log('sign-in: a wrong token is refused with a message, a real one signs in');
    await page.goto(BASE);
    await page.getByLabel('Bearer token (JWT)').fill('not-a-jwt');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'three dot-separated parts' }).waitFor();
    await signIn(page, USER_TOKEN);
    await assertLabelledControls(page);

    log('upload a clip with speech and scene cuts; watch it live');
    const jobId = await uploadFromForm(page, CLIP);
    await startSampling(page);
    await page.locator('[data-thumbnail-id]').first().waitFor({ timeout: STEP });
    await screenshot(page, 'dashboard-job.png');
    await awaitStatus(page, 'COMPLETED');
    const live = await samples(page);
    log(`samples: ${JSON.stringify(live)}`);
    assertNeverBackwards(live.progress);
    assert.ok(live.progress['Overall progress'].length >= 3, 'overall progress was seen moving');
    const counts = live.thumbnails.filter((count, i) => i === 0 || count !== 0);
    // as they are made, while the pass runs: those ffmpeg writes within one progress report arrive together
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i] > counts[i - 1], `thumbnails only ever added: ${counts}`);
    assert.ok(counts[counts.length - 1] >= 3 && counts.length >= 3, `several thumbnails, in several steps: ${counts}`);
    await assertMatchesApi(page, jobId);

    log('the transcript and chapters render; a chapter click seeks the player');
    const transcript = page.getByRole('region', { name: 'Transcript' }).getByRole('listitem');
    assert.ok((await transcript.count()) >= 1, 'transcript lines');
    assert.match(await transcript.first().innerText(), /^\d+:\d\d /);
    const chapters = page.getByRole('navigation', { name: 'Chapters' }).getByRole('button');
    assert.ok((await chapters.count()) >= 2, 'chapters from the scene cuts');
    const video = await loadedVideo(page);
    assert.ok((await video.evaluate((el) => el.duration)) > 5, 'the player loaded the source through /source');
    const start = Number(await chapters.nth(1).getAttribute('data-start'));
    await chapters.nth(1).click();
    // the player plays on from where it seeked to, so the time read a moment later is a little past it
    const at = await video.evaluate((el) => el.currentTime);
    assert.ok(at >= start - 0.1 && at < start + 2.5, `currentTime ${at} after clicking the chapter at ${start}`);
    const line = transcript.first().getByRole('button');
    await line.click();
    const first = Number(await line.getAttribute('data-start'));
    const lineAt = await video.evaluate((el) => el.currentTime);
    assert.ok(lineAt >= first - 0.1 && lineAt < first + 2.5, `currentTime ${lineAt} after clicking the line at ${first}`);

    log('edit the title in place, reload: it persisted');
    await page.getByRole('button', { name: 'Edit title' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Road trip');
    await page.keyboard.press('Enter');
    await page.locator('[data-field="Title"]', { hasText: 'Road trip' }).waitFor();
    await page.waitForFunction(async ([url, token]) => {
      const job = await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json();
      return job.metadata.TITLE === 'Road trip';
    }, [`${BASE}/api/jobs/${jobId}`, USER_TOKEN]);
    await page.reload();
    await page.locator('[data-field="Title"]', { hasText: 'Road trip' }).waitFor();
    assert.equal((await api(`/api/jobs/${jobId}`)).metadata.TITLE, 'Road trip');

    log('the events timeline lists every logged event');
    const events = await api(`/api/jobs/${jobId}/events?limit=1000`);
    await page.waitForFunction((count) => document.getElementById('events-heading')?.textContent === `Events (${count})`,
      events.events.length).catch(async (e) => {
      const shown = new Set(await page.locator('table.events tbody tr td:first-child').allTextContents());
      const missing = events.events.filter((event) => !shown.has(String(event.seq))).map((event) => `${event.seq} ${event.type}`);
      throw new Error(`${e.message}: the page shows ${await page.locator('#events-heading').textContent()}, the log has `
        + `${events.events.length}; not shown: ${missing.join(', ')}`);
    });

    log('phone width: the job page fits');
    await page.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    log('the list: newest first, status filters, rows with their first thumbnail');
    const later = await uploadFromForm(page, LONG_CLIP, ['Metadata extraction']);
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.locator(`[data-job-id="${jobId}"] img`).waitFor();
    await page.locator(`[data-job-id="${later}"]`).waitFor(); // the cached list is shown while it is fetched again
    const listed = await page.locator('[data-job-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')));
    assert.deepEqual(listed.slice(0, 2), [later, jobId]);
    await page.getByRole('checkbox', { name: 'Completed' }).check();
    await page.locator(`[data-job-id="${jobId}"]`).waitFor();
    await page.getByRole('checkbox', { name: 'Completed' }).uncheck();
    await page.getByRole('checkbox', { name: 'Cancelled' }).check();
    await page.getByText('No job matches.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator(`[data-job-id="${later}"] [data-status="COMPLETED"]`).waitFor({ timeout: STEP });
    await screenshot(page, 'dashboard-list.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(page);
  },

  /** The service restarts mid-job: the badge goes to reconnecting and back to live; the page ends equal to the API. */
  async restart(page) {
    await signIn(page, USER_TOKEN);
    const jobId = await uploadFromForm(page, LONG_SPEECH_CLIP,
      ['Metadata extraction', 'Thumbnail generation', 'Transcription', 'Chapters']);
    await startSampling(page);
    await page.locator('[data-thumbnail-id]').first().waitFor({ timeout: STEP });
    outage.down = true;
    console.log(`RESTART ${jobId}`);
    await page.waitForFunction(() => /** @type {any} */ (window).__samples.badge.includes('reconnecting'), null, { timeout: STEP });
    assert.equal(await nextLine(), 'STARTED');
    await page.locator('[data-connection="live"]').waitFor({ timeout: STEP });
    outage.down = false;
    await awaitStatus(page, 'COMPLETED', 4 * STEP);
    const restarted = await samples(page);
    log(`samples: ${JSON.stringify(restarted)}`);
    assertNeverBackwards(restarted.progress);
    assert.ok(restarted.badge.indexOf('reconnecting') < restarted.badge.lastIndexOf('live'), `badge: ${restarted.badge}`);
    await assertMatchesApi(page, jobId);
  },

  /** Cancel a job, then retry it to COMPLETED. */
  async retry(page) {
    await signIn(page, USER_TOKEN);
    const jobId = await uploadFromForm(page, LONG_CLIP, ['Metadata extraction', 'Chapters']);
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.getByRole('button', { name: 'Yes, cancel job' }).click();
    await awaitStatus(page, 'CANCELLED');
    await page.getByRole('button', { name: 'Retry job' }).click();
    await page.getByRole('button', { name: 'Yes, retry job' }).click();
    await awaitStatus(page, 'COMPLETED', 4 * STEP);
    assert.equal((await api(`/api/jobs/${jobId}`)).status, 'COMPLETED');
  },

  /** As an admin, the operator page's figures change while a job runs; the list shows owners. */
  async operator(page, browser) {
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('link', { name: 'Operator', exact: true }).click();
    const processing = page.locator('[data-figure="Processing jobs"] .figure-value');
    await processing.waitFor({ timeout: STEP });
    const before = Number(await processing.innerText());
    const userContext = await browser.newContext();
    const user = await userContext.newPage();
    watchConsole(user, errors, outage);
    await signIn(user, USER_TOKEN);
    const running = await uploadFromForm(user, LONG_CLIP, ['Metadata extraction', 'Thumbnail generation', 'Chapters']);
    await page.waitForFunction((value) => Number(document.querySelector('[data-figure="Processing jobs"] .figure-value')?.textContent) !== value,
      before, { timeout: STEP });
    await page.waitForTimeout(4000);
    await screenshot(page, 'dashboard-operator.png');
    assert.ok((await page.locator('.sparkline').count()) >= 8, 'time-series charts');
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.locator(`[data-job-id="${running}"] .owner`).filter({ hasText: OWNER }).waitFor();
    await assertLabelledControls(page);
  },

  /**
   * A completed job's page as a media tool (captions, chapter marks, ?t=, the waterfall, downloads), the theme and
   * the shortcuts, and axe-core on every page in both themes at both widths; the dark screenshots.
   */
  async media(page, browser) {
    log('axe: the sign-in page');
    await page.goto(BASE);
    await page.getByLabel('Bearer token (JWT)').waitFor();
    await assertAccessible(page, 'sign-in');
    await signIn(page, USER_TOKEN);

    log('a completed job and a failed one');
    const failed = await uploadFromForm(page, NOT_MEDIA);
    await awaitStatus(page, 'FAILED');
    await assertAccessible(page, 'job page (failed)');
    const jobId = await uploadFromForm(page, CLIP);
    await awaitStatus(page, 'COMPLETED');
    const job = await api(`/api/jobs/${jobId}`);
    const segments = job.metadata.TRANSCRIPT.segments;
    const chapters = job.metadata.CHAPTERS;
    assert.ok(segments.length >= 1 && chapters.length >= 2, 'a transcript and chapters to show');

    await page.locator('[data-thumbnail-id] img').first().waitFor();
    await screenshot(page, 'dashboard-job-completed.png');
    await emulateTheme(page, 'dark');
    await screenshot(page, 'dashboard-job-completed-dark.png');
    await emulateTheme(page, 'light');
    await assertAccessible(page, 'job page (completed)');

    log('captions: the transcript is a showing captions track, a button turns it off and on');
    const video = await loadedVideo(page);
    await page.waitForFunction(() => document.querySelector('video track')?.readyState === 2, null, { timeout: 10_000 });
    const track = () => video.evaluate((el) => ({ mode: el.textTracks[0].mode, cues: el.textTracks[0].cues?.length }));
    assert.deepEqual(await track(), { mode: 'showing', cues: segments.length }, 'one cue per segment, shown');
    const captions = page.getByRole('button', { name: 'Captions' });
    assert.equal(await captions.getAttribute('aria-pressed'), 'true');
    await captions.click();
    assert.equal((await track()).mode, 'hidden');
    assert.equal(await captions.getAttribute('aria-pressed'), 'false');
    await captions.click();
    assert.equal((await track()).mode, 'showing');

    log('chapter marks on the bar: the title on hover, a click seeks there');
    const marks = page.locator('.chapter-mark');
    assert.equal(await marks.count(), chapters.length, 'a mark per chapter');
    await marks.nth(1).hover();
    assert.equal(await marks.nth(1).locator('.mark-title').innerText(), chapters[1].title);
    await marks.nth(1).click();
    const at = await video.evaluate((el) => el.currentTime);
    assert.ok(at >= chapters[1].start_seconds - 0.1 && at < chapters[1].start_seconds + 2.5, `currentTime ${at} after the mark at ${chapters[1].start_seconds}`);
    await video.evaluate((el) => el.pause());

    log('the line being spoken is highlighted');
    const line = segments[segments.length - 1];
    await video.evaluate((el, t) => { el.currentTime = t; }, (line.start_seconds + line.end_seconds) / 2);
    await page.waitForFunction((start) => document.querySelector('.transcript li[aria-current=true] [data-start]')?.getAttribute('data-start') === String(start),
      line.start_seconds, { timeout: 5000 });

    log('downloads: each signed link serves its file without a token');
    const downloads = await page.locator('[data-export]').evaluateAll((links) => links.map((a) => [a.getAttribute('data-export'), a.href]));
    assert.deepEqual(downloads.map(([key]) => key), ['transcript_vtt', 'transcript_srt', 'transcript_txt', 'transcript_json', 'chapters_vtt']);
    const vtt = await page.evaluate(async (href) => (await fetch(href)).text(), downloads[0][1]);
    assert.ok(vtt.startsWith('WEBVTT'), vtt.slice(0, 40));

    log('?t=SECONDS starts the player there');
    const start = Math.round(chapters[1].start_seconds) + 1;
    await page.goto(`${BASE}/jobs/${jobId}?t=${start}`);
    const started = await loadedVideo(page);
    await page.waitForFunction((t) => Math.abs(document.querySelector('video').currentTime - t) < 0.5, start, { timeout: 5000 });
    assert.ok(Math.abs((await started.evaluate((el) => el.currentTime)) - start) < 0.5);

    log('the list: axe, shortcuts (? and Esc, j, k, Enter, /), the dark screenshot');
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.locator(`[data-job-id="${failed}"] [data-status="FAILED"]`).waitFor();
    await assertAccessible(page, 'jobs list');
    await emulateTheme(page, 'dark');
    await screenshot(page, 'dashboard-list-dark.png');
    await emulateTheme(page, 'light');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await assertAccessible(page, 'shortcuts dialog', { widths: [1280] });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    const focusedJob = () => page.evaluate(() => document.activeElement?.closest('[data-job-id]')?.getAttribute('data-job-id'));
    const rows = await page.locator('[data-job-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-job-id')));
    await page.keyboard.press('j');
    assert.equal(await focusedJob(), rows[0]);
    await page.keyboard.press('j');
    assert.equal(await focusedJob(), rows[1]);
    await page.keyboard.press('k');
    assert.equal(await focusedJob(), rows[0]);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${BASE}/jobs/${rows[0]}`);
    await page.goBack();
    const search = page.locator('input[type=search]');
    if (await search.count() > 0) {
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      await page.keyboard.press('/');
      assert.ok(await search.first().evaluate((el) => el === document.activeElement), '/ focuses the search box');
    }

    log('the theme toggle wins over the system setting and survives a reload');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 22, 28)');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.evaluate(() => localStorage.removeItem('video-jobs.theme'));

    log('the operator page: stage durations from the database, axe, the dark screenshot');
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const admin = await adminContext.newPage();
    watchConsole(admin, errors, outage);
    await signIn(admin, ADMIN_TOKEN);
    await admin.getByRole('link', { name: 'Operator', exact: true }).click();
    await admin.locator('[data-figure="Processing jobs"]').first().waitFor({ timeout: STEP });
    const durations = await api('/api/admin/stage-durations', ADMIN_TOKEN);
    for (const stage of job.stages) {
      assert.ok(durations.stages.some((d) => d.stage_id === stage.stage_id && d.runs >= 1), `${stage.stage_id} in ${JSON.stringify(durations)}`);
    }
    await admin.locator(`[data-duration-stage="${job.stages[0].stage_id}"]`).waitFor();
    await assertAccessible(admin, 'operator');
    await screenshot(admin, 'dashboard-operator.png');
    await emulateTheme(admin, 'dark');
    await screenshot(admin, 'dashboard-operator-dark.png');
    await adminContext.close();

    log('the waterfall lists every stage with a duration');
    await page.goto(`${BASE}/jobs/${jobId}`);
    await page.waitForFunction((count) => document.querySelectorAll('[data-timing]').length === count, job.stages.length, { timeout: STEP });
    const timings = await page.locator('[data-timing]').evaluateAll((items) => items.map((li) => ({
      stage: li.getAttribute('data-timing'), facts: li.querySelector('.waterfall-facts').textContent })));
    assert.deepEqual(timings.map((t) => t.stage), job.stages.map((s) => s.stage_id));
    for (const timing of timings) assert.match(timing.facts, /^took \d+(\.\d)? s · waited \d+(\.\d)? s · CPU \d+(\.\d)? s · \d+ attempts?$/, timing.stage);
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', // Playwright gives each launch a new, empty profile
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', colorScheme: 'light' });
  const page = await context.newPage();
  watchConsole(page, errors, outage);
  await SCENARIOS[SCENARIO](page, browser);
  assert.deepEqual(errors, [], 'no console errors');
  log(`dashboard scenario ${SCENARIO} passed`);
} finally {
  await browser.close();
  stdin.close();
}
