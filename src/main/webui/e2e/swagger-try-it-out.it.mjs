// Swagger UI's "Try it out" on POST /api/jobs, in headless Chromium against the packaged service (started by
// it/OpenApiClientsIT): authorise with a bearer token, execute the operation with the example the document gives,
// and expect 202 with the PENDING job.
import { launchChromium } from './browser.mjs';
import { assert, assertEqual, env, jwt, main } from './lib.mjs';

main(async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${env('VIDEO_JOBS_URL')}/q/swagger-ui/`);
    await page.locator('.auth-wrapper button.authorize').click();
    const bearer = page.locator('.modal-ux .auth-container').filter({ hasText: 'bearer' }).first();
    await bearer.locator('input').fill(jwt(`swagger-ui-${Date.now()}`));
    await bearer.locator('button.authorize').click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const operation = page.locator('#operations-Jobs-submitJob');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    const example = JSON.parse(await operation.locator('textarea.body-param__text').inputValue());
    assertEqual(example.source_url, 'https://download.samplelib.com/mp4/sample-5s.mp4', 'the document example is offered');
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 30000 });
    assertEqual((await status.textContent()).trim(), '202', 'Try it out answers 202');
    const body = JSON.parse(await operation.locator('.live-responses-table .response-col_description pre').first().textContent());
    assertEqual(body.status, 'PENDING', 'the answer is the PENDING job');
    assert(/^[0-9a-f-]{36}$/.test(body.job_id), `a job id: ${body.job_id}`);
  } finally {
    await browser.close();
  }
});
