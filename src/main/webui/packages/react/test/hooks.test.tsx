// @vitest-environment happy-dom
import { QueryClient } from '@tanstack/react-query';
import { createVideoJobsClient, type Job, type JobSummary, type VideoJobsClientOptions } from '@video-jobs/client';
import { act, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestRoot } from './testRoot.js';
import { FakeSocket, jobMessage, token } from '../../client/test/fakes.js';
import { useConnectionStatus, useJob, useJobEvents, useJobs, useUpdateMetadata, VideoJobsProvider } from '../src/index.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function job(overrides: Partial<Job> = {}): Job {
  return {
    job_id: 'j1', status: 'PROCESSING', progress_percent: 10, source_url: 'https://x.example/a.mp4',
    created_at: '', updated_at: '', started_at: null, finished_at: null, last_seq: 3,
    stages: [], metadata: { TITLE: 'Old' }, thumbnails: [], ...overrides,
  };
}

let view: TestRoot;
let fetch: ReturnType<typeof vi.fn>;
let served: Job;

function setup(options: Partial<VideoJobsClientOptions> = {}) {
  FakeSocket.instances = [];
  served = job();
  fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'PATCH') {
      return new Response('{"error_code":"VALIDATION_ERROR","error_message":"TITLE is too long"}', { status: 400 });
    }
    if (url.endsWith('/api/jobs/j1')) return new Response(JSON.stringify(served));
    return new Response('{}', { status: 404 });
  });
  const client = createVideoJobsClient({
    baseUrl: 'http://service.test',
    getToken: () => token('alice'),
    fetch: fetch as unknown as typeof globalThis.fetch,
    WebSocket: FakeSocket,
    window: null,
    document: null,
    ...options,
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return { client, queryClient };
}

function JobCard({ jobId }: { jobId: string }) {
  const { data } = useJob(jobId);
  const status = useConnectionStatus();
  const update = useUpdateMetadata();
  return (
    <div>
      <span id="status">{data ? `${data.status} ${data.progress_percent}% ${data.thumbnails.length} thumbnails` : 'loading'}</span>
      <span id="title">{String(data?.metadata.TITLE ?? '')}</span>
      <span id="connection">{status}</span>
      <button id="rename" onClick={() => update.mutate({ jobId, patch: { TITLE: 'New' } })} />
    </div>
  );
}

const text = (id: string) => view.container.querySelector(`#${id}`)?.textContent;

async function flush(ms = 0) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  view = new TestRoot();
});

afterEach(() => {
  view.dispose();
  vi.useRealTimers();
});

describe('useJob under StrictMode', () => {
  it('opens one socket, subscribes once, renders live updates and leaves nothing behind on unmount', async () => {
    const { client, queryClient } = setup();
    act(() =>
      view.render(
        <StrictMode>
          <VideoJobsProvider client={client} queryClient={queryClient}>
            <JobCard jobId="j1" />
          </VideoJobsProvider>
        </StrictMode>,
      ),
    );
    await flush();
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.latest();
    socket.ack();
    await flush();
    expect(socket.commands('subscribe')).toEqual([{ action: 'subscribe', job_ids: ['j1'] }]);
    expect(text('status')).toBe('PROCESSING 10% 0 thumbnails');
    expect(text('connection')).toBe('open');

    act(() => {
      socket.receive(jobMessage('j1', 4));
      socket.receive({
        type: 'THUMBNAIL_GENERATED', job_id: 'j1', seq: 5, timestamp: '',
        data: { thumbnail_id: 't1', thumbnail_url: '/api/jobs/j1/thumbnails/t1', width: 320, height: 180 },
      });
    });
    await flush(); // TanStack Query notifies components on the next tick
    expect(text('status')).toBe('PROCESSING 4% 1 thumbnails');
    expect(queryClient.getQueryData<Job>(['video', 'j1'])?.last_seq).toBe(5);

    view.unmount();
    await flush();
    expect(socket.closedWith?.code).toBe(1000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});

describe('useJob cache updates', () => {
  /** Renders the card for job j1; returns its socket, not yet acknowledged. */
  async function rendered() {
    const { client, queryClient } = setup();
    act(() =>
      view.render(
        <VideoJobsProvider client={client} queryClient={queryClient}>
          <JobCard jobId="j1" />
        </VideoJobsProvider>,
      ),
    );
    await flush();
    return { socket: FakeSocket.latest(), queryClient };
  }

  async function mounted() {
    const { socket, queryClient } = await rendered();
    socket.ack();
    await flush();
    return { socket, queryClient };
  }

  it('refetches the job when it ends', async () => {
    const { socket } = await mounted();
    expect(fetch).toHaveBeenCalledTimes(1);
    served = job({ status: 'COMPLETED', progress_percent: 100, last_seq: 9 });
    act(() => socket.receive({ ...jobMessage('j1', 9), data: { status: 'COMPLETED', progress_percent: 100 } }));
    await flush();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(text('status')).toBe('COMPLETED 100% 0 thumbnails');
  });

  it('refetches the job on RESYNC_REQUIRED', async () => {
    const { socket } = await mounted();
    act(() => socket.receive(jobMessage('j1', 2, 'RESYNC_REQUIRED')));
    await flush();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps messages that arrive while the job is still being fetched', async () => {
    let release: () => void = () => undefined;
    fetch.mockImplementationOnce(
      () => new Promise<Response>((resolve) => (release = () => resolve(new Response(JSON.stringify(job()))))),
    );
    const { socket } = await rendered();
    socket.ack();
    act(() => socket.receive(jobMessage('j1', 4)));
    release();
    await flush();
    expect(text('status')).toBe('PROCESSING 4% 0 thumbnails');
  });

  it('shows a metadata edit at once and rolls it back when the service refuses it', async () => {
    await mounted();
    expect(text('title')).toBe('Old');
    let resolveFetch: () => void = () => undefined;
    const refused = new Response('{"error_code":"VALIDATION_ERROR","error_message":"no"}', { status: 400 });
    fetch.mockImplementationOnce(() => new Promise<Response>((resolve) => (resolveFetch = () => resolve(refused))));
    act(() => (view.container.querySelector('#rename') as HTMLButtonElement).click());
    await flush();
    expect(text('title')).toBe('New');
    resolveFetch();
    await flush();
    expect(text('title')).toBe('Old');
  });
});

describe('useJobEvents', () => {
  function Timeline({ jobId }: { jobId: string }) {
    const { data } = useJobEvents(jobId);
    return <span id="events">{data ? data.map((event) => event.seq).join(',') : 'loading'}</span>;
  }

  it('reads the log again when the subscription\'s snapshot is ahead of it', async () => {
    const { client, queryClient } = setup();
    let logged = [jobMessage('j1', 1), jobMessage('j1', 2)];
    fetch.mockImplementation(async (url: string) => {
      if (url.includes('/api/jobs/j1/events')) {
        const after = Number(new URL(url).searchParams.get('after_seq') ?? 0);
        const events = logged.filter((event) => event.seq > after);
        const last = logged[logged.length - 1].seq;
        return new Response(JSON.stringify({ job_id: 'j1', events, next_after_seq: events.length > 0 ? events[events.length - 1].seq : after, last_seq: last, has_more: false }));
      }
      return new Response('{}', { status: 404 });
    });
    act(() => view.render(
      <VideoJobsProvider client={client} queryClient={queryClient}>
        <Timeline jobId="j1" />
      </VideoJobsProvider>,
    ));
    await flush();
    expect(text('events')).toBe('1,2');
    // seq 3 was committed after the log was read and before the subscription went live: only the snapshot has it
    logged = [...logged, jobMessage('j1', 3, 'METADATA_UPDATE')];
    const socket = FakeSocket.latest();
    socket.ack();
    act(() => socket.receive(jobMessage('j1', 3, 'JOB_UPDATE', { snapshot: true })));
    await flush();
    expect(text('events')).toBe('1,2,3');
  });
});

describe('useJobs', () => {
  /** The jobs the service lists, newest first; all COMPLETED, so no row needs a subscription of its own. */
  let listed: string[];
  let listReads: number;

  function JobList() {
    const { data } = useJobs();
    return <span id="jobs">{data ? data.pages.flatMap((page) => page.items.map((item) => item.job_id)).join(',') : 'loading'}</span>;
  }

  async function renderedList(options: Partial<VideoJobsClientOptions> = {}) {
    const { client, queryClient } = setup({ random: () => 0, ...options });
    listed = ['j1'];
    listReads = 0;
    fetch.mockImplementation(async (url: string) => {
      listReads++;
      if (new URL(url).pathname !== '/api/jobs') return new Response('{}', { status: 404 });
      const items = listed.map((id) => ({ job_id: id, status: 'COMPLETED', progress_percent: 100, last_seq: 9 }) as unknown as JobSummary);
      return new Response(JSON.stringify({ items, next_cursor: null }));
    });
    act(() =>
      view.render(
        <VideoJobsProvider client={client} queryClient={queryClient}>
          <JobList />
        </VideoJobsProvider>,
      ),
    );
    await shows('j1');
    return client;
  }

  /**
   * Lets responses be read and rendered until the list is `expected`, a millisecond at a time: a timer set to 0 during
   * a fake tick falls due a millisecond later, and reading and notifying take several.
   */
  async function shows(expected: string) {
    for (let ms = 0; ms < 50 && text('jobs') !== expected; ms++) await flush(1);
    expect(text('jobs')).toBe(expected);
  }

  it('shows a job created while the socket was down once the feed resumes from its cursor', async () => {
    await renderedList();
    const first = FakeSocket.latest();
    first.ack();
    act(() => first.receive({ type: 'OWNER_SUBSCRIBED', job_id: null, timestamp: '',
      data: { owner_id: 'alice', cursor: { created_at: '2026-12-07T18:00:00Z', job_id: 'j1' } } }));
    await flush(200);

    first.serverClose(1006);
    listed = ['j2', 'j1'];
    const reads = listReads;
    await flush(1000);
    const second = FakeSocket.latest();
    second.ack();
    expect(second.commands('subscribe_owner')).toEqual([
      { action: 'subscribe_owner', after: { created_at: '2026-12-07T18:00:00Z', job_id: 'j1' } },
    ]);
    expect(listReads).toBe(reads);
    act(() => second.receive({ type: 'JOB_CREATED', job_id: 'j2', seq: 1, timestamp: '',
      data: { job_id: 'j2', owner_id: 'alice', status: 'PENDING', progress_percent: 0, source_url: null, created_at: '2026-12-07T18:00:05Z' } }));
    await flush(200);
    await shows('j2,j1');
  });

  it('reads the list again on every polling round while the socket keeps failing', async () => {
    const client = await renderedList({ timing: { pollAfterFailures: 3, pollIntervalMs: 2000 } });
    FakeSocket.latest().serverClose(1006);
    await flush(1000);
    FakeSocket.latest().serverClose(1006);
    await flush(2000);
    FakeSocket.latest().serverClose(1006);
    await flush(200);
    expect(client.getStatus()).toBe('polling');

    listed = ['j2', 'j1'];
    await flush(2000);
    await shows('j2,j1');
    expect(client.getStatus()).toBe('polling');
  });
});
