import { useSearch } from '@video-jobs/react';
import { clock, errorText } from '../format';
import { Highlight } from './Highlight';
import { jobName } from './JobRow';
import { Link } from './Link';

/** The best matches of a search: each job with its title and description marked, and where in it the words are said. */
export function SearchResults({ q }: { q: string }) {
  const search = useSearch(q);
  return (
    <section aria-labelledby="search-heading" className="search-results">
      <h2 id="search-heading">Matches for “{q}”</h2>
      {search.isPending && <p>Searching…</p>}
      {search.isError && <p role="alert" className="error">{errorText(search.error)}</p>}
      {search.isSuccess && search.data.items.length === 0 && <p>Nothing matches.</p>}
      <ol className="hits" aria-label="Search results">
        {search.data?.items.map((hit) => (
          <li key={hit.job.job_id} className="hit" data-job-id={hit.job.job_id}>
            <Link to={`/jobs/${hit.job.job_id}`} className="hit-title">
              {hit.title ? <Highlight snippet={hit.title} /> : jobName(hit.job)}
            </Link>
            {hit.description && <p className="hit-description">… <Highlight snippet={hit.description} /> …</p>}
            {hit.segments.length > 0 && (
              <ul className="hit-segments" aria-label={`Where it is said (${hit.segment_hits})`}>
                {hit.segments.map((segment) => (
                  <li key={segment.position}>
                    <Link to={`/jobs/${hit.job.job_id}?t=${Math.floor(segment.start_seconds)}`} className="hit-segment">
                      <time>{clock(segment.start_seconds)}</time> <Highlight snippet={segment.text} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
