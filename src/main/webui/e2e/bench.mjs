// Benchmark of the browser half (not part of the test run). Prints:
//  1. bundle sizes, minified and gzipped: @video-jobs/client, and @video-jobs/react without React, TanStack Query
//     and the client;
//  2. with a running service: the time from an event's commit to the hook's state update in Chromium, p50/p99
//     over EVENTS metadata edits sent at RATE per second. The page (React, StrictMode, useJob) is served from
//     another origin; latency = the useLayoutEffect time of the render that shows an event minus the event's
//     `timestamp`, which the service sets in the transaction that commits it (same machine, same clock).
// Usage (after `npm run build`): VIDEO_JOBS_URL=http://localhost:8080 npm run bench
//   token: VIDEO_JOBS_TOKEN, else signed with VIDEO_JOBS_JWT_SECRET (+ _ISSUER, _AUDIENCE), else dev mode's /dev/token.
//   EVENTS (default 1200), RATE (default 50). SIZES_ONLY=1 skips the latency part.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from './browser.mjs';
import { jwt, waitFor } from './lib.mjs';
import { servePage } from './page/serve.mjs';

async function bundleSize(entry, external) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true, format: 'esm', minify: true, write: false, external,
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(2)} KB`;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function token(service) {
  if (process.env.VIDEO_JOBS_TOKEN) return process.env.VIDEO_JOBS_TOKEN;
  if (process.env.VIDEO_JOBS_JWT_SECRET) return jwt('bench');
  const response = await fetch(`${service}/dev/token?sub=bench`);
  if (!response.ok) throw new Error('no token: set VIDEO_JOBS_TOKEN or VIDEO_JOBS_JWT_SECRET, or run the service in dev mode');
  return (await response.json()).access_token;
}

async function latency(service) {
  const events = Number(process.env.EVENTS ?? 1200);
  const rate = Number(process.env.RATE ?? 50);
  const bearer = await token(service);
  const api = (path, init = {}) => fetch(`${service}${path}`, {
    ...init, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', ...init.headers },
  });
  const submitted = await (await api('/api/jobs', { method: 'POST', body: JSON.stringify({ source_url: 'https://videos.example.com/bench.mp4' }) })).json();
  const jobId = submitted.job_id;
  const page = await servePage();
  const chromium = await launchChromium();
  try {
    const tab = await chromium.context.newPage();
    await tab.goto(`${page.origin}/?${new URLSearchParams({ service, token: bearer, job: jobId })}`);
    await tab.waitForFunction(() => window.__timeline.some((r) => r.connection === 'open'), null, { timeout: 60000 });
    const startSeq = await tab.evaluate(() => window.__timeline.at(-1).last_seq);
    const started = Date.now();
    let lastSeq = startSeq;
    for (let i = 0; i < events; i++) {
      const due = started + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const response = await api(`/api/jobs/${jobId}/metadata`, { method: 'PATCH', body: JSON.stringify({ TITLE: `bench ${i}` }) });
      lastSeq = (await response.json()).last_seq;
    }
    await waitFor('the page to show the last event', () => tab.evaluate((seq) => window.__timeline.at(-1).last_seq >= seq, lastSeq), 60000, 100);
    const timeline = await tab.evaluate(() => window.__timeline);
    const bySeq = new Map();
    for (const rendered of timeline) {
      if (rendered.last_seq > startSeq && !bySeq.has(rendered.last_seq)) bySeq.set(rendered.last_seq, rendered.at - Date.parse(rendered.updated_at));
    }
    const latencies = [...bySeq.values()].sort((a, b) => a - b);
    console.log(`commit-to-hook-state latency over ${latencies.length} of ${lastSeq - startSeq} events `
      + `(${events} edits at ${rate}/s; events rendered in a batch count once): `
      + `p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`);
  } finally {
    await chromium.close();
    page.close();
    await api(`/api/jobs/${jobId}`, { method: 'DELETE' });
  }
}

const client = await bundleSize('../packages/client/dist/index.js', []);
const react = await bundleSize('../packages/react/dist/index.js', ['react', 'react/*', 'react-dom', '@tanstack/react-query', '@video-jobs/client']);
console.log(`@video-jobs/client: ${kb(client.min)} min, ${kb(client.gzip)} min+gzip (target <= 8 KB)`);
console.log(`@video-jobs/react:  ${kb(react.min)} min, ${kb(react.gzip)} min+gzip (target <= 3 KB; React, TanStack Query and the client excluded)`);
if (!process.env.SIZES_ONLY) await latency(process.env.VIDEO_JOBS_URL ?? 'http://localhost:8080');
