// A minimal React page for the browser test and the latency benchmark: served from another origin than the
// service, in StrictMode, using only the hooks. Query parameters: service, token, and either source (submit that
// URL and follow the job) or job (follow that job). It records every rendered state in window.__timeline.
import { createVideoJobsClient, type Job } from '@video-jobs/client';
import { useConnectionStatus, useJob, useSubmitJob, VideoJobsProvider } from '@video-jobs/react';
import { StrictMode, useEffect, useLayoutEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';

interface Rendered {
  at: number;
  status: string;
  progress: number;
  thumbnails: number;
  last_seq: number;
  updated_at: string;
  connection: string;
}

const w = window as unknown as { __timeline: Rendered[]; __errors: string[] };
w.__timeline = [];
w.__errors = [];
const params = new URLSearchParams(location.search);
const client = createVideoJobsClient({ baseUrl: params.get('service') ?? '', getToken: () => params.get('token') ?? '' });

function JobView({ jobId }: { jobId: string }) {
  const { data, error } = useJob(jobId);
  const connection = useConnectionStatus();
  useLayoutEffect(() => {
    if (data) w.__timeline.push(snapshot(data, connection));
  }, [data, connection]);
  if (error) return <p id="error">{error.error_code}</p>;
  if (!data) return <p id="loading">Loading…</p>;
  return (
    <section>
      <p>
        <span id="status">{data.status}</span> <span id="progress">{data.progress_percent}</span>%{' '}
        <span id="connection">{connection}</span>
      </p>
      <div id="thumbnails">
        {data.thumbnails.map((t) => (
          <img key={t.thumbnail_id} src={client.resolveUrl(t.thumbnail_url)} width={t.width / 2} alt="" />
        ))}
      </div>
    </section>
  );
}

function snapshot(job: Job, connection: string): Rendered {
  return {
    at: Date.now(),
    status: job.status,
    progress: job.progress_percent,
    thumbnails: job.thumbnails.length,
    last_seq: job.last_seq,
    updated_at: job.updated_at,
    connection,
  };
}

function Submit({ source }: { source: string }) {
  const submit = useSubmitJob();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    submit.mutate({ source_url: source, options: { thumbnail_count: 8 }, idempotencyKey: `browser-${Date.now()}` });
  }, [source, submit]);
  if (submit.error) return <p id="error">{submit.error.error_code}</p>;
  return submit.data ? <JobView jobId={submit.data.job_id} /> : <p id="submitting">Submitting…</p>;
}

function App() {
  const job = params.get('job');
  const source = params.get('source');
  if (job) return <JobView jobId={job} />;
  return source ? <Submit source={source} /> : <p>Pass ?job= or ?source=</p>;
}

window.addEventListener('error', (event) => w.__errors.push(String(event.message)));
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <VideoJobsProvider client={client}>
      <App />
    </VideoJobsProvider>
  </StrictMode>,
);
