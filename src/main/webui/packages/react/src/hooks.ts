import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import {
  TERMINAL_STATUSES,
  type Bulk,
  type BulkRequest,
  type ConnectionStatus,
  type Job,
  type JobFilter,
  type JobMessage,
  type JobPage,
  type MetadataPatch,
  type SearchResult,
  type StageDurations,
  type StatsUpdateMessage,
  type SubmitJobBody,
  type UploadFields,
  type VideoJobsApiError,
} from '@video-jobs/client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { JOB_COUNTS_KEY, JOBS_KEY, jobKey } from './liveJobs.js';
import { useLiveJobs } from './provider.js';

/** One job, fetched over REST and kept live from the socket. Query key `['video', jobId]`. */
export function useJob(jobId: string | null | undefined): UseQueryResult<Job, VideoJobsApiError> {
  const live = useLiveJobs();
  useEffect(() => (jobId ? live.watch(jobId) : undefined), [live, jobId]);
  return useQuery<Job, VideoJobsApiError>({
    queryKey: jobKey(jobId ?? ''),
    queryFn: ({ signal }) => live.fetchJob(jobId as string, signal),
    enabled: Boolean(jobId),
  });
}

/**
 * The job's logged events, oldest first (an event timeline): every page from REST, then each live event as it
 * arrives. Query key `['video', jobId, 'events']`. A gap in `seq` or `RESYNC_REQUIRED` refetches the log, and so
 * does a subscription's snapshot that is ahead of it: an event committed after the REST read but before the
 * subscription went live is in the snapshot, never sent live.
 */
export function useJobEvents(jobId: string | null | undefined): UseQueryResult<JobMessage[], VideoJobsApiError> {
  const live = useLiveJobs();
  const early = useRef<JobMessage[]>([]);
  const snapshotSeq = useRef(0);
  const key = [...jobKey(jobId ?? ''), 'events'] as const;
  useEffect(() => {
    if (!jobId) return undefined;
    const eventsKey = [...jobKey(jobId), 'events'] as const;
    snapshotSeq.current = 0;
    return live.client.subscribe(jobId, (message) => {
      if (message.type === 'RESYNC_REQUIRED') {
        void live.queryClient.invalidateQueries({ queryKey: eventsKey });
        return;
      }
      if (typeof message.seq !== 'number') return;
      const events = live.queryClient.getQueryData<JobMessage[]>(eventsKey);
      if ('snapshot' in message && message.snapshot) {
        snapshotSeq.current = Math.max(snapshotSeq.current, message.seq);
        if (events && message.seq > lastSeq(events)) void live.queryClient.invalidateQueries({ queryKey: eventsKey });
        return;
      }
      if (!events) {
        early.current.push(message);
        return;
      }
      const last = lastSeq(events);
      if (message.seq <= last) return;
      if (message.seq === last + 1) live.queryClient.setQueryData<JobMessage[]>(eventsKey, [...events, message]);
      else void live.queryClient.invalidateQueries({ queryKey: eventsKey });
    });
  }, [live, jobId]);
  const query = useQuery<JobMessage[], VideoJobsApiError>({
    queryKey: key,
    queryFn: async () => {
      const events: JobMessage[] = [];
      for (let after = 0, more = true; more; ) {
        const page = await live.client.listEvents(jobId as string, after);
        events.push(...page.events);
        after = page.next_after_seq;
        // a snapshot read after this page may already be ahead of it: read on up to the snapshot
        more = page.has_more || (page.events.length > 0 && after < snapshotSeq.current);
      }
      const last = lastSeq(events);
      const arrived = early.current.filter((message) => (message.seq as number) > last).sort((a, b) => (a.seq as number) - (b.seq as number));
      early.current = [];
      for (const message of arrived) if (message.seq === lastSeq(events) + 1) events.push(message);
      return events;
    },
    enabled: Boolean(jobId),
  });
  const fetchedUpTo = query.data ? lastSeq(query.data) : null;
  useEffect(() => {
    if (jobId && fetchedUpTo !== null && fetchedUpTo < snapshotSeq.current) {
      void live.queryClient.invalidateQueries({ queryKey: [...jobKey(jobId), 'events'] });
    }
  }, [live, jobId, fetchedUpTo]);
  return query;
}

function lastSeq(events: JobMessage[]): number {
  return events.length > 0 ? (events[events.length - 1].seq as number) : 0;
}

/** How long new-job announcements are gathered before the lists are read again (a burst refetches once). */
const NEW_JOBS_REFETCH_DELAY_MS = 200;

/**
 * The caller's jobs matching `filter`, page by page (`fetchNextPage()` follows `next_cursor`). Live without polling:
 * a job the user creates anywhere (another tab, curl, a backend) appears within a second, through the socket's feed
 * of new jobs (`subscribe_owner`), and running jobs' status and progress follow their own subscriptions. The lists
 * are also read again once the feed is live, and on every round of the client's polling fallback while the socket is
 * down, when the feed cannot say which jobs were created.
 */
export function useJobs(filter: Omit<JobFilter, 'cursor'> = {}): UseInfiniteQueryResult<InfiniteData<JobPage>, VideoJobsApiError> {
  const live = useLiveJobs();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetchLists = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void live.queryClient.invalidateQueries({ queryKey: JOBS_KEY });
        void live.queryClient.invalidateQueries({ queryKey: JOB_COUNTS_KEY });
      }, NEW_JOBS_REFETCH_DELAY_MS);
    };
    const stop = live.client.subscribeOwner(refetchLists, refetchLists);
    return () => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [live]);
  const query = useInfiniteQuery<JobPage, VideoJobsApiError, InfiniteData<JobPage>, readonly unknown[], string | null>({
    queryKey: [...JOBS_KEY, filter],
    queryFn: ({ pageParam, signal }) => live.client.listJobs({ ...filter, cursor: pageParam }, { signal }),
    initialPageParam: null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const running = (query.data?.pages ?? [])
    .flatMap((page) => page.items)
    .filter((item) => !TERMINAL_STATUSES.includes(item.status))
    .map((item) => item.job_id)
    .sort()
    .join(',');
  useEffect(() => {
    const releases = running ? running.split(',').map((id) => live.watch(id)) : [];
    return () => releases.forEach((release) => release());
  }, [live, running]);
  return query;
}

/** How many jobs match `filter` (what "select all N matching" offers). Query key `['video-counts', filter]`. */
export function useJobCount(filter: Omit<JobFilter, 'cursor' | 'limit'>, enabled = true): UseQueryResult<number, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<number, VideoJobsApiError>({
    queryKey: [...JOB_COUNTS_KEY, filter],
    queryFn: async ({ signal }) => (await live.client.countJobs(filter, { signal })).count,
    enabled,
  });
}

/** Full-text search (`GET /api/search`); disabled for a blank query. Query key `['video-search', q]`. */
export function useSearch(q: string): UseQueryResult<SearchResult, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<SearchResult, VideoJobsApiError>({
    queryKey: ['video-search', q],
    queryFn: ({ signal }) => live.client.search(q, { signal }),
    enabled: q.trim() !== '',
  });
}

/**
 * Starts a bulk retry, cancel or delete and follows it until it is COMPLETED: `bulk` is its latest progress, then its
 * results. The lists are read again when it ends.
 */
export function useBulkAction(pollMs = 500): UseMutationResult<Bulk, VideoJobsApiError, BulkRequest> & { bulk: Bulk | null } {
  const live = useLiveJobs();
  const [bulk, setBulk] = useState<Bulk | null>(null);
  const mutation = useMutation<Bulk, VideoJobsApiError, BulkRequest>({
    mutationFn: (request) => live.client.startBulk(request),
    onMutate: () => setBulk(null),
    onSuccess: (started) => setBulk(started),
  });
  const running = bulk?.status === 'RUNNING' ? bulk.bulk_id : null;
  useEffect(() => {
    if (!running) return undefined;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        if (stopped) return;
        try {
          const next = await live.client.getBulk(running);
          if (stopped) return;
          setBulk(next);
          if (next.status === 'COMPLETED') return;
        } catch {
          // the next round asks again
        }
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [live, running, pollMs]);
  const completed = bulk?.status === 'COMPLETED' ? bulk.bulk_id : null;
  useEffect(() => {
    if (!completed) return;
    void live.queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    void live.queryClient.invalidateQueries({ queryKey: JOB_COUNTS_KEY });
  }, [live, completed]);
  return { ...mutation, bulk };
}

export type SubmitJobInput =
  | (SubmitJobBody & { idempotencyKey?: string })
  | (UploadFields & { file: Blob; filename?: string });

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Submits a URL or uploads a file; `progress` follows the upload. */
export function useSubmitJob(): UseMutationResult<Job, VideoJobsApiError, SubmitJobInput> & { progress: UploadProgress | null } {
  const live = useLiveJobs();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const mutation = useMutation<Job, VideoJobsApiError, SubmitJobInput>({
    mutationFn: (input) => {
      if ('file' in input) {
        const { file, filename, stages, options: jobOptions } = input;
        setProgress({ loaded: 0, total: file.size });
        // A resumable direct upload: an idempotency key is not needed, completing it twice gives one job.
        return live.client.uploadJob(
          file,
          { ...(filename ? { filename } : {}), ...(stages ? { stages } : {}), ...(jobOptions ? { options: jobOptions } : {}) },
          { onProgress: (loaded, total) => setProgress({ loaded, total }) },
        );
      }
      const { idempotencyKey, ...body } = input;
      return live.client.submitJob(body, idempotencyKey ? { idempotencyKey } : {});
    },
    onSuccess: (job) => {
      live.queryClient.setQueryData(jobKey(job.job_id), job);
      void live.queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    },
  });
  return { ...mutation, progress };
}

/** Edits TITLE, DESCRIPTION or TAGS: shown at once, rolled back if the service refuses it. */
export function useUpdateMetadata(): UseMutationResult<Job, VideoJobsApiError, { jobId: string; patch: MetadataPatch }, { previous: Job | undefined }> {
  const live = useLiveJobs();
  const qc = live.queryClient;
  return useMutation<Job, VideoJobsApiError, { jobId: string; patch: MetadataPatch }, { previous: Job | undefined }>({
    mutationFn: ({ jobId, patch }) => live.client.updateMetadata(jobId, patch),
    onMutate: async ({ jobId, patch }) => {
      await qc.cancelQueries({ queryKey: jobKey(jobId) });
      const previous = qc.getQueryData<Job>(jobKey(jobId));
      qc.setQueryData<Job>(jobKey(jobId), (job) => (job ? { ...job, metadata: { ...job.metadata, ...patch } } : job));
      return { previous };
    },
    onError: (_error, { jobId }, context) => {
      if (context?.previous) qc.setQueryData(jobKey(jobId), context.previous);
    },
    onSuccess: (job) => keepNewest(live.queryClient, job),
  });
}

/** Cancels a PENDING or PROCESSING job. */
export function useCancelJob(): UseMutationResult<Job, VideoJobsApiError, string> {
  const live = useLiveJobs();
  return useMutation<Job, VideoJobsApiError, string>({
    mutationFn: (jobId) => live.client.cancelJob(jobId),
    onSuccess: (job) => keepNewest(live.queryClient, job),
  });
}

/** Runs a FAILED or CANCELLED job again. */
export function useRetryJob(): UseMutationResult<Job, VideoJobsApiError, string> {
  const live = useLiveJobs();
  return useMutation<Job, VideoJobsApiError, string>({
    mutationFn: (jobId) => live.client.retryJob(jobId),
    onSuccess: (job) => {
      keepNewest(live.queryClient, job);
      void live.queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    },
  });
}

/** Deletes a job and drops it from the cache. */
export function useDeleteJob(): UseMutationResult<void, VideoJobsApiError, string> {
  const live = useLiveJobs();
  return useMutation<void, VideoJobsApiError, string>({
    mutationFn: (jobId) => live.client.deleteJob(jobId),
    onSuccess: (_nothing, jobId) => {
      live.queryClient.removeQueries({ queryKey: jobKey(jobId) });
      void live.queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    },
  });
}

/** The client's connection status, re-rendering on every change. */
export function useConnectionStatus(): ConnectionStatus {
  const { client } = useLiveJobs();
  const subscribe = useCallback((onChange: () => void) => client.onStatusChange(onChange), [client]);
  return useSyncExternalStore(subscribe, client.getStatus, client.getStatus);
}

export type Stats = StatsUpdateMessage['data'] & { received_at: number };

/** The latest STATS_UPDATE figures (admins) and the last `historySize` of them, oldest first. */
export function useStats(historySize = 60): { latest: Stats | null; history: Stats[] } {
  const { client } = useLiveJobs();
  const [state, setState] = useState<{ latest: Stats | null; history: Stats[] }>({ latest: null, history: [] });
  useEffect(
    () =>
      client.subscribeStats((data) => {
        const stats = { ...data, received_at: Date.now() };
        setState((previous) => ({ latest: stats, history: [...previous.history, stats].slice(-historySize) }));
      }),
    [client, historySize],
  );
  return state;
}

function keepNewest(qc: ReturnType<typeof useLiveJobs>['queryClient'], job: Job): void {
  qc.setQueryData<Job>(jobKey(job.job_id), (cached) => (cached && cached.last_seq > job.last_seq ? cached : job));
}

/** Admins: median and p95 duration per stage over the last hour, refreshed every 30 s. Query key `['stage-durations']`. */
export function useStageDurations(enabled = true): UseQueryResult<StageDurations, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<StageDurations, VideoJobsApiError>({
    queryKey: ['stage-durations'],
    queryFn: ({ signal }) => live.client.getStageDurations({ signal }),
    refetchInterval: 30_000,
    enabled,
  });
}
