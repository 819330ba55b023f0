// Shared helpers of the Node integration tests and the browser test: settings from the JUnit test, real HS256 JWTs
// signed with the test profile's secret, and small waiting and assertion helpers.
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
