// Integration test of @video-jobs/client in Node against the packaged service (started by ClientIT): real
// PostgreSQL, real JWTs, a real processing job with ffmpeg. SCENARIO picks the case:
//   live         snapshot first, then live updates until the job completes
//   restart      the instance is stopped mid-job and another one started; the client resumes
//   polling      a proxy refuses the upgrade: polling delivers the same events; then the socket works again
//   token-expiry tokens live 6 s: close 4001, a fresh token, resumed
//   owner-feed   the feed of new jobs (subscribe_owner) of a user with no job yet: jobs created while the socket is
//                cut are announced once it is back, polling reports a gap every round, then the feed resumes
import net from 'node:net';
import { applyJobMessage, createVideoJobsClient } from '@video-jobs/client';
import { assert, assertEqual, env, jwt, main, stdinLines, waitFor } from './lib.mjs';

const base = env('VIDEO_JOBS_URL');
const scenario = env('SCENARIO');
const user = `node-${scenario}-${Date.now()}`;

/** The service URL the client talks to; the restart scenario moves it to the new instance. */
let target = base;
const toTarget = (url) => String(url).replace(base, target).replace(base.replace(/^http/, 'ws'), target.replace(/^http/, 'ws'));
const closeCodes = [];

class TrackedWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(toTarget(url), protocols);
    this.addEventListener('close', (event) => closeCodes.push(event.code));
  }
}

function client(options = {}) {
  return createVideoJobsClient({
    baseUrl: base,
    getToken: () => jwt(user),
    fetch: (url, init) => fetch(toTarget(url), init),
    WebSocket: TrackedWebSocket,
    ...options,
  });
}

/** Follows one job: every message, the statuses, and the job state built from the messages alone. */
function follow(c, jobId) {
  const seen = { messages: [], statuses: [c.getStatus()], state: emptyJob(jobId) };
  c.onStatusChange((status) => seen.statuses.push(status));
  seen.stop = c.subscribe(jobId, (message) => {
    seen.messages.push(message);
    if (message.type === 'RESYNC_REQUIRED') seen.state = emptyJob(jobId);
    else seen.state = applyJobMessage(seen.state, message);
  });
  seen.live = () => seen.messages.filter((m) => !m.snapshot && typeof m.seq === 'number');
  seen.thumbnails = () => seen.state.thumbnails.length;
  return seen;
}

function emptyJob(jobId) {
  return { job_id: jobId, status: 'PENDING', progress_percent: 0, stages: [], metadata: {}, thumbnails: [], last_seq: 0 };
}

/**
 * What a user sees of a job; thumbnail links are signed per answer, so their query strings differ. A stage is what
 * STAGE_UPDATE carries: the REST stage's timings (runnable_at, attempts, cpu_seconds…) are REST-only.
 */
function visible(job) {
  return {
    status: job.status,
    progress_percent: job.progress_percent,
    error_message: job.error_message,
    stages: job.stages
      .map(({ stage_id, status, progress_percent, error_message }) => ({ stage_id, status, progress_percent, error_message }))
      .sort((a, b) => a.stage_id.localeCompare(b.stage_id)),
    metadata: job.metadata,
    thumbnails: job.thumbnails
      .map((t) => ({ ...t, thumbnail_url: t.thumbnail_url.split('?')[0] }))
      .sort((a, b) => a.thumbnail_id.localeCompare(b.thumbnail_id)),
    last_seq: job.last_seq,
  };
}

async function submit(c) {
  const job = await c.submitJob(
    { source_url: env('VIDEO_URL'), options: { thumbnail_count: Number(env('THUMBNAILS', '8')) } },
    { idempotencyKey: `${user}-1` },
  );
  console.log(`submitted ${job.job_id}`);
  return job;
}

async function awaitEnd(seen) {
  await waitFor('the job to end', () => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(seen.state.status), 600000);
}

/** Every logged event after the first message's seq was applied exactly once, in order; the state equals REST. */
async function assertResumedExactly(c, seen, jobId) {
  const live = seen.live().map((m) => m.seq);
  const first = seen.messages[0].seq;
  const expected = Array.from({ length: seen.state.last_seq - first }, (_, i) => first + 1 + i);
  assertEqual(live.filter((seq) => seq > first), expected, 'every seq after the snapshot applied exactly once, in order');
  const rest = await c.getJob(jobId);
  assertEqual(visible(seen.state), visible(rest), 'the state built from messages equals GET /api/jobs/{id}');
  assertEqual(rest.status, 'COMPLETED', 'the job completed');
}

/**
 * A TCP proxy in front of the service: `refuse` answers every new connection 403 (a proxy refusing the upgrade), and
 * `cut()` drops the connections it holds, as a network failure does.
 */
async function upgradeProxy() {
  const service = new URL(base);
  const held = new Set();
  const proxy = {
    refuse: true,
    cut: () => held.forEach((socket) => socket.destroy()),
    close: () => server.close(),
  };
  const server = net.createServer((socket) => {
    if (proxy.refuse) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(service.port), service.hostname);
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.wsUrl = `ws://127.0.0.1:${server.address().port}/ws`;
  return proxy;
}

const scenarios = {
  async live() {
    const c = client();
    const job = await submit(c);
    const seen = follow(c, job.job_id);
    await awaitEnd(seen);
    const [first] = seen.messages;
    assert(first.type === 'JOB_UPDATE' && first.snapshot === true, `the first message is the snapshot's JOB_UPDATE: ${JSON.stringify(first)}`);
    assert(seen.live().some((m) => m.type === 'STAGE_UPDATE'), 'live STAGE_UPDATE messages');
    assert(seen.live().some((m) => m.type === 'THUMBNAIL_GENERATED'), 'live THUMBNAIL_GENERATED messages');
    assert(seen.live().some((m) => m.type === 'JOB_UPDATE' && m.data.progress_percent > 0 && m.data.progress_percent < 100), 'live progress');
    assertEqual(seen.statuses.slice(0, 3), ['idle', 'connecting', 'open'], 'status: idle (nothing subscribed), connecting, then open');
    await assertResumedExactly(c, seen, job.job_id);
    c.close();
  },

  async restart() {
    const nextLine = stdinLines();
    const c = client();
    const job = await submit(c);
    const seen = follow(c, job.job_id);
    await waitFor('two thumbnails', () => seen.thumbnails() >= 2, 120000);
    assertEqual(seen.state.status, 'PROCESSING', 'mid-job when the instance stops');
    console.log('RESTART');
    const line = await nextLine();
    target = line.replace(/^SERVICE /, '');
    console.log(`the service moved to ${target}`);
    await awaitEnd(seen);
    assert(closeCodes.length > 0, 'the stopping instance closed the socket');
    console.log(`close codes: ${closeCodes}`);
    assert(seen.statuses.includes('reconnecting'), `it reconnected: ${seen.statuses}`);
    await waitFor('the socket on the new instance', () => c.getStatus() === 'open', 90000);
    await assertResumedExactly(c, seen, job.job_id);
    c.close();
  },

  async polling() {
    const proxy = await upgradeProxy();
    const c = client({ wsUrl: proxy.wsUrl, timing: { pollIntervalMs: 500 } });
    const reference = client();
    const job = await submit(c);
    const seen = follow(c, job.job_id);
    const ref = follow(reference, job.job_id);
    await waitFor('polling', () => c.getStatus() === 'polling', 120000);
    await waitFor('three thumbnails by polling', () => seen.thumbnails() >= 3, 120000);
    assert(seen.messages.every((m) => !m.snapshot), 'polling gets logged events, not snapshots');
    console.log(`polled up to seq ${seen.state.last_seq}; the proxy now lets upgrades through`);
    proxy.refuse = false;
    await waitFor('the socket to be used again', () => c.getStatus() === 'open', 60000);
    await awaitEnd(seen);
    await awaitEnd(ref);
    const polledSeqs = seen.messages.map((m) => m.seq);
    assertEqual(polledSeqs, Array.from({ length: seen.state.last_seq }, (_, i) => i + 1), 'every seq from 1 exactly once');
    const refLive = ref.live();
    const sameRange = seen.messages.filter((m) => m.seq >= refLive[0].seq);
    assertEqual(sameRange, refLive, 'the same messages as a client on a working socket');
    await assertResumedExactly(c, seen, job.job_id);
    c.close();
    reference.close();
    proxy.close();
  },

  async 'owner-feed'() {
    const proxy = await upgradeProxy();
    proxy.refuse = false;
    const c = client({ wsUrl: proxy.wsUrl, timing: { pollIntervalMs: 500 } });
    const rest = client();
    const created = [];
    let gaps = 0;
    c.subscribeOwner((message) => created.push(message.job_id), () => gaps++);
    const statuses = [];
    c.onStatusChange((status) => statuses.push(status));
    const newJob = async () => (await rest.submitJob({ source_url: env('VIDEO_URL'), stages: ['METADATA_EXTRACTION'] })).job_id;
    await waitFor('the feed to be live (OWNER_SUBSCRIBED of a user with no job)', () => gaps === 1, 30000);

    proxy.refuse = true;
    proxy.cut();
    await waitFor('the socket to be lost', () => c.getStatus() === 'reconnecting', 10000);
    const whileCut = await newJob();
    proxy.refuse = false;
    await waitFor('the job created while the socket was cut', () => created.includes(whileCut), 30000);
    const live = await newJob();
    await waitFor('a job created with the socket up', () => created.includes(live), 5000);

    proxy.refuse = true;
    proxy.cut();
    await waitFor('polling', () => c.getStatus() === 'polling', 60000);
    const gapsWhenPolling = gaps;
    const whilePolling = await newJob();
    await waitFor('two polling rounds reporting a gap', () => gaps >= gapsWhenPolling + 2, 10000);
    assert(!created.includes(whilePolling), 'no feed while polling');
    assert((await rest.listJobs()).items.some((item) => item.job_id === whilePolling), 'a list read in the gap has it');
    proxy.refuse = false;
    await waitFor('the socket to be used again', () => c.getStatus() === 'open', 60000);
    await waitFor('the job created while polling, from the feed\'s cursor', () => created.includes(whilePolling), 10000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assertEqual(created, [whileCut, live, whilePolling], 'each job announced once, in creation order');
    console.log(`statuses ${statuses}, ${gaps} gaps`);
    c.close();
    rest.close();
    proxy.close();
  },

  async 'token-expiry'() {
    let tokens = 0;
    const c = client({ getToken: () => (tokens++, jwt(user, { expiresInSeconds: 6 })) });
    const job = await submit(c);
    const seen = follow(c, job.job_id);
    await waitFor('close code 4001', () => closeCodes.includes(4001), 60000);
    assert(['PENDING', 'PROCESSING'].includes(seen.state.status), `the token expired mid-job: ${seen.state.status}`);
    await waitFor('open again', () => c.getStatus() === 'open', 30000);
    assert(tokens >= 2, `getToken() called again: ${tokens}`);
    await awaitEnd(seen);
    await assertResumedExactly(c, seen, job.job_id);
    console.log(`close codes ${closeCodes}, ${tokens} tokens`);
    c.close();
  },
};

main(async () => {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown SCENARIO ${scenario}`);
  await run();
});
