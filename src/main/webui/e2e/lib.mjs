// Shared helpers of the Node integration tests and the browser test: settings from the JUnit test, real HS256 JWTs
// signed with the test profile's secret, and small waiting and assertion helpers.
import { AxeBuilder } from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import { createInterface } from 'node:readline';

export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** A JWT the service accepts, signed like Supabase does (HS256 with the shared secret). */
export function jwt(sub, { expiresInSeconds = 3600, admin = false } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub, iat: now, exp: now + expiresInSeconds, groups: admin ? ['authenticated', 'admin'] : ['authenticated'] };
  if (process.env.VIDEO_JOBS_JWT_ISSUER) claims.iss = process.env.VIDEO_JOBS_JWT_ISSUER;
  if (process.env.VIDEO_JOBS_JWT_AUDIENCE) claims.aud = process.env.VIDEO_JOBS_JWT_AUDIENCE;
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const signature = createHmac('sha256', env('VIDEO_JOBS_JWT_SECRET')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** JSON with object keys sorted, so that equal values compare equal whatever their key order. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
}

export function assertEqual(actual, expected, message) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`assertion failed: ${message}\n  expected ${e}\n  actual   ${a}`);
}

export async function waitFor(what, condition, timeoutMs = 60000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Lines the JUnit test writes to our standard input. */
export function stdinLines() {
  const queue = [];
  const waiters = [];
  createInterface({ input: process.stdin }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiters.push(resolve)));
}

/** axe-core's tags for the WCAG 2.1 level A and AA rules (2.0's included, as WCAG 2.1 includes them). */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Sets the page's `prefers-color-scheme` and waits until the dashboard follows it (`<html data-theme>`): a choice
 * stored with the theme toggle would win, so a test that clicked the toggle clears it first.
 */
export async function emulateTheme(page, theme) {
  await page.emulateMedia({ colorScheme: theme });
  await page.waitForFunction((expected) => document.documentElement.dataset.theme === expected, theme, { timeout: 5000 })
    .catch(() => { throw new Error(`the page did not follow prefers-color-scheme: ${theme}`); });
}

/**
 * Runs axe-core with the WCAG 2.1 A and AA rules on the page as it is, in each theme and at each viewport width, and
 * fails with every violation (rule, impact, help and the first elements) when there is any. The page is left in
 * its first theme and at its original size.
 */
export async function assertAccessible(page, name, { themes = ['light', 'dark'], widths = [1280, 390] } = {}) {
  const size = page.viewportSize();
  const found = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: size.height });
    for (const theme of themes) {
      await emulateTheme(page, theme);
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      for (const violation of results.violations) {
        const nodes = violation.nodes.slice(0, 4).map((node) => `${node.target.join(' ')}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ')})` : ''}`);
        found.push(`${name}, ${theme}, ${width}px: ${violation.id} [${violation.impact}] ${violation.help}: ${nodes.join('; ')}`);
      }
    }
  }
  await page.setViewportSize(size);
  await emulateTheme(page, themes[0]);
  if (found.length > 0) throw new Error(`axe found ${found.length} WCAG 2.1 A/AA violations:\n${found.join('\n')}`);
}

/** Runs the test body; a failure prints its stack and exits 1, which fails the JUnit test. */
export function main(body) {
  body().then(
    () => {
      console.log('PASSED');
      process.exit(0);
    },
    (error) => {
      console.error(error?.stack ?? error);
      process.exit(1);
    },
  );
}
