// Browser test of dev sign-in and a drag-and-drop upload, run by DashboardDevSignInTest against a build that has the
// dev-token endpoint and serves the dashboard. Environment: VIDEO_JOBS_URL, CLIP (a video with speech and scene cuts).
// The upload is throttled (Chromium's network emulation) so the progress bar is seen filling, as on a real network.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { launchChromium, pageErrors } from './browser.mjs';
import { assert, assertEqual, env, main } from './lib.mjs';

const STEP = 120_000;
const UPLOAD_BYTES_PER_SECOND = 100 * 1024;

/** Records every value the upload progress bar shows, from the DOM, for as long as the page lives. */
async function sampleUploadProgress(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__upload = [];
    new MutationObserver(() => {
      const value = document.querySelector('[role=progressbar][aria-label="Upload progress"]')?.getAttribute('aria-valuenow');
      if (value != null && w.__upload.at(-1) !== Number(value)) w.__upload.push(Number(value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/** Drags a file from outside the page onto the element: dragenter, dragover and drop carrying a File made in the page. */
async function dropFile(target, path) {
  const dataTransfer = await target.page().evaluateHandle(({ name, base64 }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'video/mp4' }));
    return transfer;
  }, { name: basename(path), base64: readFileSync(path).toString('base64') });
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

main(async () => {
  const base = env('VIDEO_JOBS_URL');
  const clip = env('CLIP');
  const chromium = await launchChromium();
  try {
    const page = await chromium.context.newPage();
    const errors = pageErrors(page);

    console.log('dev sign-in: one click, no token pasted');
    await page.goto(base);
    await page.getByRole('button', { name: 'Sign in as dev-user' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assertEqual(await page.locator('.app-header .user').innerText(), 'dev-user', 'the signed-in user in the header');

    console.log('drop the clip on the drop zone');
    await dropFile(page.locator('.drop-zone'), clip);
    await page.locator('.drop-zone').getByText(`${basename(clip)} (`).waitFor();
    assert(await page.getByLabel('Video URL').isDisabled(), 'the URL field is disabled once a file is chosen');

    console.log('submit: the upload progress bar fills, then the job page opens');
    const cdp = await chromium.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (uploadThroughput) => cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput });
    await throttle(UPLOAD_BYTES_PER_SECOND);
    await sampleUploadProgress(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: STEP });
    await throttle(-1);
    const upload = await page.evaluate(() => /** @type {any} */ (window).__upload);
    console.log(`upload progress shown: ${upload.join(',')}`);
    assert(upload.some((value) => value > 0 && value < 100), 'the bar showed the upload part-way');
    assert(upload.every((value, i) => i === 0 || value >= upload[i - 1]), 'the bar never went backwards');

    console.log('the job is processed to COMPLETED, with its thumbnails');
    await page.locator('.job-status [data-status="COMPLETED"]').waitFor({ timeout: 4 * STEP });
    await page.waitForFunction(() => {
      const images = [...document.querySelectorAll('[data-thumbnail-id] img')];
      return images.length >= 2 && images.every((img) => img.complete && img.naturalWidth > 0);
    }, null, { timeout: STEP });
    assertEqual(errors, [], 'no console errors');
  } finally {
    await chromium.close();
  }
});
