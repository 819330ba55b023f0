import type { JobStatus } from '@video-jobs/client';
import { useJobs } from '@video-jobs/react';
import { useState } from 'react';
import { JobRow } from '../components/JobRow';
import { SubmitForm } from '../components/SubmitForm';
import { errorText, label } from '../format';

const TABS: Array<JobStatus | null> = [null, 'PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** The jobs list, newest first, with status tabs and cursor pagination, and the submit form. */
export function JobsPage({ admin }: { admin: boolean }) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const jobs = useJobs(status ? { status: [status], limit: 20 } : { limit: 20 });
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main>
      <SubmitForm />
      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">{admin ? 'All jobs' : 'Your jobs'}</h2>
        <div role="tablist" aria-label="Filter by status" className="tabs">
          {TABS.map((tab) => (
            <button key={tab ?? 'ALL'} role="tab" type="button" aria-selected={tab === status}
              onClick={() => setStatus(tab)}>{tab ? label(tab) : 'All'}</button>
          ))}
        </div>
        {jobs.isPending && <p>Loading…</p>}
        {jobs.isError && <p role="alert" className="error">{errorText(jobs.error)}</p>}
        {jobs.isSuccess && items.length === 0 && <p>No jobs yet.</p>}
        <ul className="job-list" aria-label="Jobs">
          {items.map((job) => <JobRow key={job.job_id} job={job} showOwner={admin} />)}
        </ul>
        {jobs.hasNextPage && (
          <button type="button" onClick={() => void jobs.fetchNextPage()} disabled={jobs.isFetchingNextPage}>
            {jobs.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </main>
  );
}
