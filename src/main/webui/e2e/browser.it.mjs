// Browser test (run by BrowserIT against the packaged service): a React page in StrictMode, served from another
// origin, submits a job with useSubmitJob and follows it with useJob. Status, progress and thumbnails must render
// live, every cross-origin call must succeed, and the page must open exactly one WebSocket.
import { launchChromium } from './browser.mjs';
import { assert, assertEqual, env, jwt, main, waitFor } from './lib.mjs';
import { servePage } from './page/serve.mjs';

main(async () => {
  const service = env('VIDEO_JOBS_URL');
  const page = await servePage();
  const chromium = await launchChromium();
  try {
    const tab = await chromium.context.newPage();
    const failed = [];
    const consoleErrors = [];
    const sockets = [];
    const crossOrigin = [];
    tab.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
    tab.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    tab.on('websocket', (socket) => sockets.push(socket.url()));
    tab.on('response', (response) => {
      if (response.url().startsWith(service)) crossOrigin.push(`${response.request().method()} ${response.status()} ${new URL(response.url()).pathname}`);
    });
    const query = new URLSearchParams({ service, token: jwt('browser-alice'), source: env('VIDEO_URL') });
    console.log(`page ${page.origin}, service ${service}`);
    await tab.goto(`${page.origin}/?${query}`);

    await tab.waitForSelector('#status', { timeout: 60000 });
    await waitFor('the job to complete on the page', async () => (await tab.textContent('#status')) === 'COMPLETED', 600000, 250);
    const timeline = await tab.evaluate(() => window.__timeline);
    const errors = await tab.evaluate(() => window.__errors);

    const processing = timeline.filter((r) => r.status === 'PROCESSING');
    const progressValues = new Set(processing.map((r) => r.progress));
    const thumbnailCounts = new Set(processing.map((r) => r.thumbnails));
    console.log(`rendered ${timeline.length} states; progress while processing: ${[...progressValues].join(',')}; `
      + `thumbnails while processing: ${[...thumbnailCounts].join(',')}`);
    assert([...progressValues].some((p) => p > 0 && p < 100), 'progress rendered between 0 and 100 while processing');
    assert(progressValues.size >= 3, 'progress rendered at several values');
    assert(thumbnailCounts.size >= 3, 'thumbnails appeared one after another while processing');
    assert(processing.some((r) => r.connection === 'open'), 'live over the socket');
    const last = timeline.at(-1);
    assertEqual([last.status, last.progress, last.thumbnails], ['COMPLETED', 100, 8], 'the final state');

    await tab.waitForFunction(
      () => [...document.querySelectorAll('#thumbnails img')].every((img) => img.complete && img.naturalWidth > 0),
      null, { timeout: 120000 });
    assertEqual(await tab.$$eval('#thumbnails img', (imgs) => imgs.length), 8, 'every thumbnail shown and loaded');
    assertEqual(await tab.textContent('#connection'), 'open', 'the connection status');

    console.log(`cross-origin responses: ${[...new Set(crossOrigin)].join('; ')}`);
    // A JSON POST with Authorization and Idempotency-Key needs a preflight: it succeeding proves the preflight did.
    assert(crossOrigin.some((r) => r.startsWith('POST 202 /api/jobs')), 'the cross-origin submission');
    assert(crossOrigin.some((r) => /^GET 200 \/api\/jobs\/[0-9a-f-]+$/.test(r)), 'the job read over REST');
    assertEqual(failed, [], 'no request failed (a CORS refusal fails it)');
    assertEqual(consoleErrors, [], 'no console errors');
    assertEqual(errors, [], 'no page errors');
    assertEqual(sockets.length, 1, `one WebSocket for the page under StrictMode: ${sockets}`);
  } finally {
    await chromium.close();
    page.close();
  }
});
