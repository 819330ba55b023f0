import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import type { VideoJobsClient } from '@video-jobs/client';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { LiveJobs } from './liveJobs.js';

const LiveJobsContext = createContext<LiveJobs | null>(null);

export interface VideoJobsProviderProps {
  client: VideoJobsClient;
  /** The QueryClient to write job data into; default the surrounding QueryClientProvider's, or a new one. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

/** Makes a VideoJobsClient available to the hooks, together with the QueryClient that holds job data. */
export function VideoJobsProvider({ client, queryClient, children }: VideoJobsProviderProps) {
  const outer = useContext(QueryClientContext);
  const [own] = useState(() => (queryClient || outer ? null : new QueryClient()));
  const qc = (queryClient ?? outer ?? own) as QueryClient;
  const [live, setLive] = useState(() => new LiveJobs(client, qc));
  let current = live;
  if (live.client !== client || live.queryClient !== qc) {
    current = new LiveJobs(client, qc);
    setLive(current);
  }
  const content = <LiveJobsContext.Provider value={current}>{children}</LiveJobsContext.Provider>;
  return qc === outer ? content : <QueryClientProvider client={qc}>{content}</QueryClientProvider>;
}

export function useLiveJobs(): LiveJobs {
  const live = useContext(LiveJobsContext);
  if (!live) throw new Error('video-jobs hooks must be used inside <VideoJobsProvider>');
  return live;
}

/** The VideoJobsClient of the nearest VideoJobsProvider. */
export function useVideoJobsClient(): VideoJobsClient {
  return useLiveJobs().client;
}
