import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { applyJobMessage, isTerminalUpdate, type Job, type JobMessage, type JobPage, type VideoJobsClient } from '@video-jobs/client';

/** TanStack Query key of one job, as in seed 004. */
export const jobKey = (jobId: string) => ['video', jobId] as const;
/** Prefix of every job-list query key. */
export const JOBS_KEY = ['videos'] as const;
/** Prefix of every job-count query key (`useJobCount`). */
export const JOB_COUNTS_KEY = ['video-counts'] as const;

const RECENT_MESSAGES = 256;

/**
 * Writes a client's live job messages into a QueryClient: one client subscription per job however many hooks
 * watch it. It keeps each job's recent messages so that REST data fetched while messages arrived is brought
 * up to date (a fetch that read seq 7 misses the 8 that the socket already delivered).
 */
export class LiveJobs {
  private readonly watched = new Map<string, { count: number; unsubscribe: () => void; recent: JobMessage[] }>();

  constructor(
    readonly client: VideoJobsClient,
    readonly queryClient: QueryClient,
  ) {}

  /** Subscribes to a job until the returned function is called (reference-counted). */
  watch(jobId: string): () => void {
    let entry = this.watched.get(jobId);
    if (!entry) {
      const created = { count: 0, recent: [] as JobMessage[], unsubscribe: (): void => undefined };
      created.unsubscribe = this.client.subscribe(jobId, (message) => this.apply(jobId, created.recent, message));
      this.watched.set(jobId, (entry = created));
    }
    entry.count++;
    const current = entry;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--current.count === 0 && this.watched.get(jobId) === current) {
        this.watched.delete(jobId);
        current.unsubscribe();
      }
    };
  }

  /** Fetches a job over REST and applies the messages that arrived meanwhile. */
  async fetchJob(jobId: string, signal?: AbortSignal): Promise<Job> {
    const job = await this.client.getJob(jobId, signal ? { signal } : undefined);
    const recent = this.watched.get(jobId)?.recent ?? [];
    const fresh = recent.reduce(applyJobMessage, job);
    const cached = this.queryClient.getQueryData<Job>(jobKey(jobId));
    return cached && cached.last_seq > fresh.last_seq ? cached : fresh;
  }

  private apply(jobId: string, recent: JobMessage[], message: JobMessage): void {
    const key = jobKey(jobId);
    if (message.type === 'RESYNC_REQUIRED') {
      recent.length = 0;
      void this.queryClient.invalidateQueries({ queryKey: key });
      return;
    }
    recent.push(message);
    if (recent.length > RECENT_MESSAGES) recent.shift();
    this.queryClient.setQueryData<Job>(key, (job) => (job ? applyJobMessage(job, message) : job));
    if (message.type === 'JOB_UPDATE') this.updateLists(message);
    if (isTerminalUpdate(message)) void this.queryClient.invalidateQueries({ queryKey: key });
  }

  private updateLists(message: Extract<JobMessage, { type: 'JOB_UPDATE' }>): void {
    this.queryClient.setQueriesData<InfiniteData<JobPage>>({ queryKey: JOBS_KEY }, (data) => {
      if (!data) return data;
      let changed = false;
      const pages = data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => {
          if (item.job_id !== message.job_id || item.last_seq >= message.seq) return item;
          changed = true;
          return { ...item, status: message.data.status, progress_percent: message.data.progress_percent, last_seq: message.seq };
        }),
      }));
      return changed ? { ...data, pages } : data;
    });
  }
}
