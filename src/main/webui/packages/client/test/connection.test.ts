import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobMessage } from '../src/index.js';
import { FakeSocket, harness, jobMessage, settle, token } from './fakes.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Subscribes to a job and collects the seq (and type) of every message the listener gets. */
function collect(client: ReturnType<typeof harness>['client'], jobId: string) {
  const received: JobMessage[] = [];
  const unsubscribe = client.subscribe(jobId, (message) => received.push(message));
  return { received, seqs: () => received.map((m) => m.seq), unsubscribe };
}

/** The server's JOB_CREATED of the owner feed. */
function announce(socket: FakeSocket, id: string, at: string) {
  socket.receive({ type: 'JOB_CREATED', job_id: id, seq: 1, timestamp: '',
    data: { job_id: id, owner_id: 'u', status: 'PENDING', progress_percent: 0, source_url: null, created_at: at } });
}

/** The server's answer to subscribe_owner: the newest job's cursor, or null when the user has none. */
function ownerSubscribed(socket: FakeSocket, cursor: { created_at: string; job_id: string } | null) {
  socket.receive({ type: 'OWNER_SUBSCRIBED', job_id: null, data: { owner_id: 'u', cursor }, timestamp: '' });
}

describe('reconnect backoff', () => {
  it('waits 1 s, doubling to at most 30 s, between failed attempts', async () => {
    const { client } = harness({ pollAfterFailures: 100 });
    collect(client, 'j1');
    await settle();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const count = FakeSocket.instances.length;
      FakeSocket.latest().serverClose(1006);
      let waited = 0;
      while (FakeSocket.instances.length === count) {
        await settle(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('starts again from 1 s after a connection succeeded', async () => {
    const { client } = harness({ pollAfterFailures: 100 });
    collect(client, 'j1');
    await settle();
    for (const delay of [1000, 2000, 4000, 8000]) {
      FakeSocket.latest().serverClose(1006);
      await settle(delay);
    }
    FakeSocket.latest().ack();
    expect(client.getStatus()).toBe('open');
    const count = FakeSocket.instances.length;
    FakeSocket.latest().serverClose(1001);
    expect(client.getStatus()).toBe('reconnecting');
    await settle(999);
    expect(FakeSocket.instances.length).toBe(count);
    await settle(1);
    expect(FakeSocket.instances.length).toBe(count + 1);
  });

  it('shortens each delay by a random part of at most the jitter', async () => {
    const { client } = harness({ pollAfterFailures: 100, jitter: 0.2 }, { random: () => 0.5 });
    collect(client, 'j1');
    await settle();
    FakeSocket.latest().serverClose(1006);
    await settle(899);
    expect(FakeSocket.instances.length).toBe(1);
    await settle(1);
    expect(FakeSocket.instances.length).toBe(2);
  });
});

describe('watchdogs', () => {
  it('gives up a socket with no CONNECTION_ACK after 10 s and reconnects', async () => {
    const { client } = harness();
    collect(client, 'j1');
    await settle();
    const first = FakeSocket.latest();
    first.open();
    await settle(9999);
    expect(first.closedWith).toBeUndefined();
    await settle(1);
    expect(first.closedWith?.code).toBe(4000);
    await settle(1000);
    expect(FakeSocket.instances.length).toBe(2);
  });

  it('reconnects after 60 s without any message, and every message restarts the wait', async () => {
    const { client } = harness();
    collect(client, 'j1');
    await settle();
    const socket = FakeSocket.latest();
    socket.ack();
    await settle(45000);
    socket.receive({ type: 'HEARTBEAT', job_id: null, data: { interval_seconds: 30 }, timestamp: '' });
    await settle(59999);
    expect(socket.closedWith).toBeUndefined();
    await settle(1);
    expect(socket.closedWith?.code).toBe(4000);
    expect(client.getStatus()).toBe('reconnecting');
    await settle(1000);
    expect(FakeSocket.instances.length).toBe(2);
  });

  it('answers HEARTBEAT with a heartbeat', async () => {
    const { client } = harness();
    collect(client, 'j1');
    await settle();
    const socket = FakeSocket.latest();
    socket.ack();
    socket.receive({ type: 'HEARTBEAT', job_id: null, data: { interval_seconds: 30 }, timestamp: '' });
    expect(socket.commands('heartbeat')).toHaveLength(1);
  });
});

describe('resume', () => {
  it('passes the token in the subprotocol form', async () => {
    const { client } = harness();
    collect(client, 'j1');
    await settle();
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('ws://service.test/ws');
    expect(socket.protocols).toEqual(['bearer-token-carrier', `quarkus-http-upgrade#Authorization#Bearer%20${socket.token()}`]);
  });

  it('drops duplicates by seq, applies every snapshot message, and resubscribes with since', async () => {
    const { client } = harness();
    const job = collect(client, 'j1');
    await settle();
    const first = FakeSocket.latest();
    first.ack();
    expect(first.commands('subscribe')).toEqual([{ action: 'subscribe', job_ids: ['j1'] }]);
    first.receive(jobMessage('j1', 3, 'JOB_UPDATE', { snapshot: true }));
    first.receive(jobMessage('j1', 3, 'STAGE_UPDATE', { snapshot: true }));
    first.receive(jobMessage('j1', 4));
    first.receive(jobMessage('j1', 4));
    first.receive(jobMessage('j1', 2));
    first.receive(jobMessage('j1', 5));
    expect(job.seqs()).toEqual([3, 3, 4, 5]);

    first.serverClose(4008);
    await settle(1000);
    const second = FakeSocket.latest();
    second.ack();
    expect(second.commands('subscribe')).toEqual([{ action: 'subscribe', job_ids: ['j1'], since: { j1: 5 } }]);
    second.receive(jobMessage('j1', 5));
    second.receive(jobMessage('j1', 6));
    expect(job.seqs()).toEqual([3, 3, 4, 5, 6]);
  });

  it('on RESYNC_REQUIRED forgets the job and takes the snapshot that follows', async () => {
    const { client } = harness();
    const job = collect(client, 'j1');
    await settle();
    FakeSocket.latest().ack();
    FakeSocket.latest().receive(jobMessage('j1', 9));
    FakeSocket.latest().serverClose(1001);
    await settle(1000);
    const socket = FakeSocket.latest();
    socket.ack();
    expect(socket.commands('subscribe')[0]?.since).toEqual({ j1: 9 });
    socket.receive(jobMessage('j1', 4, 'RESYNC_REQUIRED'));
    socket.receive(jobMessage('j1', 4, 'JOB_UPDATE', { snapshot: true }));
    socket.receive(jobMessage('j1', 5));
    expect(job.received.map((m) => `${m.type}:${m.seq}`)).toEqual(['JOB_UPDATE:9', 'RESYNC_REQUIRED:4', 'JOB_UPDATE:4', 'JOB_UPDATE:5']);
  });
});

describe('tokens and close codes', () => {
  it('on 4001 gets a fresh token and reconnects at once with it', async () => {
    const { client, getToken } = harness();
    collect(client, 'j1');
    await settle();
    const first = FakeSocket.latest();
    first.ack();
    first.receive(jobMessage('j1', 2));
    expect(getToken).toHaveBeenCalledTimes(1);
    first.serverClose(4001, 'token expired');
    await settle();
    expect(getToken).toHaveBeenCalledTimes(2);
    const second = FakeSocket.latest();
    expect(second).not.toBe(first);
    expect(second.token()).toBe(getToken.mock.results[1]?.value);
    expect(second.token()).not.toBe(first.token());
    second.ack();
    expect(second.commands('subscribe')[0]?.since).toEqual({ j1: 2 });
  });

  it('gets a new token and reconnects shortly before token_expires_at', async () => {
    const { client, getToken } = harness({ tokenRefreshLeadMs: 30000 });
    collect(client, 'j1');
    await settle();
    const first = FakeSocket.latest();
    first.ack({ token_expires_at: Math.floor(Date.now() / 1000) + 120 });
    for (let second = 0; second < 89; second += 29) {
      first.receive({ type: 'HEARTBEAT', job_id: null, data: { interval_seconds: 30 }, timestamp: '' });
      await settle(Math.min(29, 89 - second) * 1000);
    }
    expect(FakeSocket.instances).toHaveLength(1);
    await settle(1000);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(first.closedWith?.code).toBe(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.latest().token()).toBe(getToken.mock.results[1]?.value);
  });

  it.each([4029, 1009])('does not reconnect after close code %i and reports why', async (code) => {
    const { client } = harness();
    const errors: unknown[] = [];
    client.onError((error) => errors.push(error));
    collect(client, 'j1');
    await settle();
    FakeSocket.latest().ack();
    FakeSocket.latest().serverClose(code, 'closed by the service');
    await settle(10 * 60 * 1000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(client.getStatus()).toBe('offline');
    expect(client.getLastError()).toMatchObject({ close_code: code });
    expect(errors).toHaveLength(1);
    client.reconnect();
    await settle();
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('is unauthorized while getToken() fails', async () => {
    const { client } = harness({}, { getToken: () => Promise.reject(new Error('signed out')) });
    collect(client, 'j1');
    await settle();
    expect(client.getStatus()).toBe('unauthorized');
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it('takes a new token after a refused upgrade', async () => {
    const { client, getToken } = harness();
    collect(client, 'j1');
    await settle();
    FakeSocket.latest().serverClose(1006);
    await settle(1000);
    expect(getToken).toHaveBeenCalledTimes(2);
  });
});

describe('polling fallback', () => {
  it('polls the event log while the socket keeps failing and returns to the socket when it works', async () => {
    const events = [jobMessage('j1', 1), jobMessage('j1', 2), jobMessage('j1', 3)];
    const { client, fetch, statuses } = harness({ pollAfterFailures: 3, pollIntervalMs: 2000 });
    fetch.mockImplementation(async (url: string) => {
      const after = Number(new URL(url).searchParams.get('after_seq'));
      const page = events.filter((e) => e.seq > after);
      return new Response(JSON.stringify({ job_id: 'j1', events: page, next_after_seq: page.at(-1)?.seq ?? after, last_seq: 3, has_more: false }));
    });
    const job = collect(client, 'j1');
    await settle();
    FakeSocket.latest().serverClose(1006);
    await settle(1000);
    FakeSocket.latest().serverClose(1006);
    await settle(2000);
    expect(fetch).not.toHaveBeenCalled();
    FakeSocket.latest().serverClose(1006);
    await settle();
    expect(client.getStatus()).toBe('polling');
    expect(fetch.mock.calls[0]?.[0]).toBe('http://service.test/api/jobs/j1/events?after_seq=0&limit=1000');
    expect(job.seqs()).toEqual([1, 2, 3]);

    events.push(jobMessage('j1', 4));
    await settle(2000);
    expect(fetch.mock.calls.at(-1)?.[0]).toContain('after_seq=3');
    expect(job.seqs()).toEqual([1, 2, 3, 4]);

    await settle(4000); // the next socket attempt, 4 s after the third failure
    const socket = FakeSocket.latest();
    socket.ack();
    expect(client.getStatus()).toBe('open');
    expect(socket.commands('subscribe')[0]?.since).toEqual({ j1: 4 });
    const polls = fetch.mock.calls.length;
    await settle(10000);
    expect(fetch.mock.calls.length).toBe(polls);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'polling', 'open']);
  });

  it('is unauthorized when polling is refused with 401', async () => {
    const { client, fetch } = harness({ pollAfterFailures: 1 });
    fetch.mockImplementation(async () => new Response(JSON.stringify({ error_code: 'UNAUTHORIZED', error_message: 'expired' }), { status: 401 }));
    collect(client, 'j1');
    await settle();
    FakeSocket.latest().serverClose(1006);
    await settle();
    expect(client.getStatus()).toBe('unauthorized');
  });
});

describe('one shared socket', () => {
  it('opens one socket for every subscription and closes it after the last one', async () => {
    const { client } = harness();
    const a = collect(client, 'j1');
    const b = collect(client, 'j1');
    const c = collect(client, 'j2');
    await settle();
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.latest();
    socket.ack();
    expect(socket.commands('subscribe')).toEqual([{ action: 'subscribe', job_ids: ['j1', 'j2'] }]);
    socket.receive(jobMessage('j1', 1));
    expect(a.seqs()).toEqual([1]);
    expect(b.seqs()).toEqual([1]);

    a.unsubscribe();
    a.unsubscribe();
    await settle();
    expect(socket.commands('unsubscribe')).toEqual([]);
    b.unsubscribe();
    await settle();
    expect(socket.commands('unsubscribe')).toEqual([{ action: 'unsubscribe', job_ids: ['j1'] }]);
    socket.receive(jobMessage('j1', 2));
    expect(b.seqs()).toEqual([1]);
    c.unsubscribe();
    await settle();
    expect(socket.closedWith?.code).toBe(1000);
    expect(client.getStatus()).toBe('idle');
  });

  it('is idle, not offline, while nothing needs a socket', async () => {
    const { client } = harness();
    expect(client.getStatus()).toBe('idle');
    const job = collect(client, 'j1');
    await settle();
    FakeSocket.latest().ack();
    expect(client.getStatus()).toBe('open');
    job.unsubscribe();
    await settle();
    expect(client.getStatus()).toBe('idle');
  });

  it('sends nothing for an unsubscribe and subscribe in the same tick (StrictMode remount)', async () => {
    const { client } = harness();
    collect(client, 'j1');
    await settle();
    const socket = FakeSocket.latest();
    socket.ack();
    const remount = collect(client, 'j2');
    remount.unsubscribe();
    collect(client, 'j2');
    await settle();
    expect(socket.commands('subscribe')).toEqual([
      { action: 'subscribe', job_ids: ['j1'] },
      { action: 'subscribe', job_ids: ['j2'] },
    ]);
    expect(socket.commands('unsubscribe')).toEqual([]);
  });

  it('follows the owner feed, resumes after the last JOB_CREATED and drops one announced again', async () => {
    const { client } = harness();
    const created: string[] = [];
    const stop = client.subscribeOwner((message) => created.push(message.job_id));
    await settle();
    const first = FakeSocket.latest();
    first.ack();
    expect(first.commands('subscribe_owner')).toEqual([{ action: 'subscribe_owner' }]);
    expect(client.getStatus()).toBe('open');
    ownerSubscribed(first, null);
    announce(first, 'a', '2026-12-07T18:00:00.000001Z');
    announce(first, 'b', '2026-12-07T18:00:01.000002Z');
    expect(created).toEqual(['a', 'b']);

    first.serverClose(4008);
    await settle(1000);
    const second = FakeSocket.latest();
    second.ack();
    expect(second.commands('subscribe_owner')).toEqual([
      { action: 'subscribe_owner', after: { created_at: '2026-12-07T18:00:01.000002Z', job_id: 'b' } },
    ]);
    announce(second, 'b', '2026-12-07T18:00:01.000002Z');
    announce(second, 'c', '2026-12-07T18:00:02Z');
    expect(created).toEqual(['a', 'b', 'c']);
    stop();
    await settle();
    expect(second.closedWith?.code).toBe(1000);
  });

  it('resumes the feed of a user who had no job from the start of time, and reports one gap once it is live', async () => {
    const { client } = harness();
    const created: string[] = [];
    let gaps = 0;
    client.subscribeOwner((message) => created.push(message.job_id), () => gaps++);
    await settle();
    const first = FakeSocket.latest();
    first.ack();
    expect(gaps).toBe(0);
    ownerSubscribed(first, null);
    expect(gaps).toBe(1);

    first.serverClose(1006);
    await settle(1000);
    const second = FakeSocket.latest();
    second.ack();
    expect(second.commands('subscribe_owner')).toEqual([
      { action: 'subscribe_owner', after: { created_at: '1970-01-01T00:00:00Z', job_id: '00000000-0000-0000-0000-000000000000' } },
    ]);
    ownerSubscribed(second, { created_at: '2026-12-07T18:00:00Z', job_id: 'made-while-down' });
    announce(second, 'made-while-down', '2026-12-07T18:00:00Z');
    expect(created).toEqual(['made-while-down']);
    expect(gaps).toBe(1);
  });

  it('with only the owner feed wanted, polls: a gap on every round, then the feed resumes from its cursor', async () => {
    const { client, fetch, statuses } = harness({ pollAfterFailures: 3, pollIntervalMs: 2000 });
    let gaps = 0;
    client.subscribeOwner(() => undefined, () => gaps++);
    await settle();
    const first = FakeSocket.latest();
    first.ack();
    ownerSubscribed(first, { created_at: '2026-12-07T18:00:00Z', job_id: 'newest' });
    expect(gaps).toBe(1);

    first.serverClose(1006);
    await settle(1000);
    FakeSocket.latest().serverClose(1006);
    await settle(2000);
    FakeSocket.latest().serverClose(1006);
    await settle(4000);
    expect(gaps).toBe(1);
    FakeSocket.latest().serverClose(1006);
    await settle();
    expect(client.getStatus()).toBe('polling');
    expect(gaps).toBe(2);
    await settle(4000);
    expect(gaps).toBe(4);
    expect(fetch).not.toHaveBeenCalled();

    await settle(4000); // the next socket attempt, 8 s after the third failure
    const back = FakeSocket.latest();
    back.ack();
    expect(back.commands('subscribe_owner')).toEqual([
      { action: 'subscribe_owner', after: { created_at: '2026-12-07T18:00:00Z', job_id: 'newest' } },
    ]);
    ownerSubscribed(back, { created_at: '2026-12-07T18:00:09Z', job_id: 'made-while-polling' });
    const seen = gaps;
    await settle(10000);
    expect(gaps).toBe(seen);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'polling', 'open']);
  });

  it('subscribes to STATS_UPDATE for stats listeners', async () => {
    const { client } = harness();
    const stats: unknown[] = [];
    const stop = client.subscribeStats((data) => stats.push(data));
    await settle();
    const socket = FakeSocket.latest();
    socket.ack({ admin: true });
    expect(socket.commands('subscribe_stats')).toHaveLength(1);
    socket.receive({ type: 'STATS_UPDATE', job_id: null, data: { connections: 3 }, timestamp: '' });
    expect(stats).toEqual([{ connections: 3 }]);
    stop();
    await settle();
    expect(socket.closedWith?.code).toBe(1000);
  });
});

describe('browser events', () => {
  it('reconnects at once when the browser comes online', async () => {
    const { client, window } = harness({ pollAfterFailures: 100 });
    collect(client, 'j1');
    await settle();
    for (let i = 0; i < 5; i++) {
      FakeSocket.latest().serverClose(1006);
      await settle(16000);
    }
    const count = FakeSocket.instances.length;
    FakeSocket.latest().serverClose(1006);
    window.dispatchEvent(new Event('offline'));
    expect(client.getStatus()).toBe('offline');
    await settle(60000);
    expect(FakeSocket.instances.length).toBe(count);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(FakeSocket.instances.length).toBe(count + 1);
  });

  it('reconnects at once when a hidden tab becomes visible', async () => {
    const { client, document } = harness({ pollAfterFailures: 100 });
    collect(client, 'j1');
    await settle();
    for (let i = 0; i < 5; i++) {
      FakeSocket.latest().serverClose(1006);
      await settle(16000);
    }
    FakeSocket.latest().serverClose(1006); // the next attempt is 30 s away
    const count = FakeSocket.instances.length;
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(FakeSocket.instances.length).toBe(count + 1);
  });
});

describe('REST', () => {
  it('sends the bearer token, Idempotency-Key and JSON, and retries once with a fresh token after a 401', async () => {
    const { client, fetch, getToken } = harness();
    fetch
      .mockResolvedValueOnce(new Response('{"error_code":"UNAUTHORIZED","error_message":"expired"}', { status: 401 }))
      .mockResolvedValueOnce(new Response('{"job_id":"j1"}', { status: 202 }));
    const job = await client.submitJob({ source_url: 'https://videos.example.com/a.mp4' }, { idempotencyKey: 'k1' });
    expect(job.job_id).toBe('j1');
    expect(getToken).toHaveBeenCalledTimes(2);
    const [url, init] = fetch.mock.calls[1] as [string, RequestInit];
    expect(url).toBe('http://service.test/api/jobs');
    expect(init.headers).toMatchObject({
      Authorization: `Bearer ${getToken.mock.results[1]?.value}`,
      'Idempotency-Key': 'k1',
      'Content-Type': 'application/json',
    });
  });

  it('turns an error answer into VideoJobsApiError with error_code and Retry-After', async () => {
    const { client, fetch } = harness();
    fetch.mockResolvedValueOnce(
      new Response('{"error_code":"RATE_LIMITED","error_message":"slow down"}', { status: 429, headers: { 'Retry-After': '3' } }),
    );
    await expect(client.submitJob({ source_url: 'https://x.example/a.mp4' })).rejects.toMatchObject({
      status: 429,
      error_code: 'RATE_LIMITED',
      retry_after: 3,
    });
  });

  it('asks for a new token before using one that expires within the lead time', async () => {
    let n = 0;
    const getToken = vi.fn(() => token(`t${++n}`, n === 1 ? 10 : 3600));
    const { client, fetch } = harness({}, { getToken });
    fetch.mockImplementation(async () => new Response('{"items":[],"next_cursor":null}'));
    await client.listJobs({ status: ['PENDING', 'FAILED'], tag: 'harbour tour', limit: 5 });
    await client.listJobs();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[0]?.[0]).toBe('http://service.test/api/jobs?status=PENDING&status=FAILED&tag=harbour%20tour&limit=5');
  });
});
