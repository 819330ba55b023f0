import type { JobSummary } from '@video-jobs/client';
import { age } from '../format';
import { Link } from './Link';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

/** One job in the list: first thumbnail, status, live progress, age and (for admins) owner. */
export function JobRow({ job, showOwner }: { job: JobSummary; showOwner: boolean }) {
  const name = job.source_url ?? 'Uploaded video';
  return (
    <li className="job-row" data-job-id={job.job_id}>
      <Link to={`/jobs/${job.job_id}`} className="job-link">
        {job.first_thumbnail
          ? <img src={job.first_thumbnail.thumbnail_url} alt="" width={96} height={Math.round(96 * job.first_thumbnail.height / job.first_thumbnail.width)} />
          : <span className="no-thumbnail" aria-hidden="true" />}
        <span className="job-name">{name}</span>
      </Link>
      <StatusBadge status={job.status} />
      <ProgressBar value={job.progress_percent} label={`Progress of ${name}`} status={job.status} />
      <time dateTime={job.created_at} title={job.created_at}>{age(job.created_at)}</time>
      {showOwner && <span className="owner" aria-label="Owner">{job.owner_id}</span>}
    </li>
  );
}
