import { useJobCount, useJobs } from '@video-jobs/react';
import { useContext, useMemo, useState } from 'react';
import { BulkBar, type Selection } from '../components/BulkBar';
import { JobRow } from '../components/JobRow';
import { ListControls } from '../components/ListControls';
import { SearchResults } from '../components/SearchResults';
import { SubmitForm } from '../components/SubmitForm';
import { errorText } from '../format';
import { isFiltered, readListQuery, toFilter, writeListQuery, type ListQuery } from '../listQuery';
import { NavigateContext } from '../navigation';

/**
 * The jobs list, newest first: search, filters kept in the address, bulk actions on the rows chosen or on every job
 * matching, cursor pagination, and the submit form. New jobs appear by themselves (the SDK's feed of new jobs).
 */
export function JobsPage({ admin, search }: { admin: boolean; search: string }) {
  const navigate = useContext(NavigateContext);
  const query = useMemo(() => readListQuery(search), [search]);
  const filter = useMemo(() => toFilter(query), [query]);
  const jobs = useJobs({ ...filter, limit: 20 });
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const allOnPage = items.length > 0 && items.every((job) => chosen.has(job.job_id));
  const count = useJobCount(filter, allOnPage);
  const clear = () => {
    setChosen(new Set());
    setAllMatching(false);
  };
  const change = (next: ListQuery) => {
    clear();
    navigate(`/${writeListQuery(next)}`);
  };
  const choose = (jobId: string, selected: boolean) => {
    setAllMatching(false);
    setChosen((previous) => {
      const next = new Set(previous);
      if (selected) next.add(jobId);
      else next.delete(jobId);
      return next;
    });
  };
  const selection: Selection | null = allMatching && count.data !== undefined
    ? { kind: 'filter', filter, count: count.data }
    : chosen.size > 0 ? { kind: 'ids', ids: [...chosen] } : null;

  return (
    <main>
      <SubmitForm />
      <ListControls query={query} onChange={change} />
      {query.q.trim() && <SearchResults q={query.q.trim()} />}
      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">{isFiltered(query) ? 'Matching jobs' : admin ? 'All jobs' : 'Your jobs'}</h2>
        <div className="select-all">
          <label className="check">
            <input type="checkbox" checked={allOnPage} disabled={items.length === 0}
              onChange={(event) => {
                setAllMatching(false);
                setChosen(event.target.checked ? new Set(items.map((job) => job.job_id)) : new Set());
              }} />
            Select all shown
          </label>
          {allOnPage && count.data !== undefined && count.data > items.length && !allMatching && (
            <button type="button" className="link" onClick={() => setAllMatching(true)}>
              Select all {count.data} matching
            </button>
          )}
          {allMatching && <span>All {count.data} matching jobs are selected.</span>}
        </div>
        {selection && <BulkBar selection={selection} onDone={clear} />}
        {jobs.isPending && <p>Loading…</p>}
        {jobs.isError && <p role="alert" className="error">{errorText(jobs.error)}</p>}
        {jobs.isSuccess && items.length === 0 && <p>{isFiltered(query) ? 'No job matches.' : 'No jobs yet.'}</p>}
        <ul className="job-list" aria-label="Jobs">
          {items.map((job) => (
            <JobRow key={job.job_id} job={job} showOwner={admin} selected={allMatching || chosen.has(job.job_id)}
              onSelect={(selected) => choose(job.job_id, selected)} />
          ))}
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
