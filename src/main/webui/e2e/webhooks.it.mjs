// The dashboard's Webhooks page in Debian's Chromium, run by WebhooksDashboardIT against the packaged service.
// Environment: VIDEO_JOBS_URL, USER_TOKEN, RECEIVER_URL (a receiver on loopback that answers 200 "ok"), SCREENSHOTS.
// It registers an endpoint, sees the secret once, sends a test event, sees the delivery with its attempt, redelivers
// it, sees the second attempt, and runs axe-core's WCAG 2.1 A and AA rules on the page in both themes and widths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assertAccessible, env } from './lib.mjs';

const BASE = env('VIDEO_JOBS_URL');
const USER_TOKEN = env('USER_TOKEN');
const RECEIVER_URL = env('RECEIVER_URL');
const SCREENSHOTS = env('SCREENSHOTS');
const STEP = 60_000;
const log = (message) => console.log(`${new Date().toISOString()} ${message}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', colorScheme: 'light' });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));

  log('sign in and open the Webhooks page from the navigation');
  await page.goto(BASE);
  await page.getByLabel('Bearer token (JWT)').fill(USER_TOKEN);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor({ timeout: STEP });
  await page.getByText('No endpoints yet.').waitFor({ timeout: STEP });

  log('register an endpoint: its secret is shown once');
  await page.getByLabel('Endpoint URL').fill(RECEIVER_URL);
  await page.getByLabel('Description (optional)').fill('dashboard test receiver');
  await page.getByLabel('job.updated', { exact: true }).check();
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const secret = page.locator('[data-secret]');
  await secret.waitFor({ timeout: STEP });
  assert.match(await secret.innerText(), /^whsec_[A-Za-z0-9+/=]{40,}$/);
  const endpoint = page.getByRole('region', { name: RECEIVER_URL, exact: true });
  await endpoint.waitFor({ timeout: STEP });
  await assertAccessible(page, 'webhooks (secret shown)');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  assert.equal(await secret.count(), 0, 'the secret is gone once dismissed');
  await page.reload();
  await endpoint.waitFor({ timeout: STEP });
  assert.equal(await page.locator('[data-secret]').count(), 0, 'and never shown again');

  log('send a test event: the delivery succeeds, its attempt shows the answer');
  await endpoint.getByRole('button', { name: 'Send test event' }).click();
  const row = endpoint.locator('[data-delivery]').first();
  await row.locator('[data-status=SUCCEEDED]').waitFor({ timeout: STEP });
  assert.equal(await row.locator('td').first().innerText(), 'webhook.test');
  await row.getByRole('button', { name: /^Attempts of webhook.test/ }).click();
  const attempts = endpoint.getByRole('list', { name: 'Attempts' });
  await attempts.locator('[data-attempt="1"]').filter({ hasText: '200' }).waitFor({ timeout: STEP });
  assert.match(await attempts.locator('[data-attempt="1"]').innerText(), /ok/);

  log('redeliver it: a second attempt with the same webhook-id');
  await endpoint.getByRole('button', { name: 'Redeliver' }).click();
  await attempts.locator('[data-attempt="2"]').filter({ hasText: '200' }).waitFor({ timeout: STEP });
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-webhooks.png'), fullPage: true });
  await assertAccessible(page, 'webhooks (a delivery and its attempts)');

  assert.deepEqual(errors, [], 'no console errors');
  console.log('PASSED');
} finally {
  await browser.close();
}
