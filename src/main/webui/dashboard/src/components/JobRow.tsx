import type { JobSummary } from '@video-jobs/client';
import { age, clock } from '../format';
import { Link } from './Link';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

/** What a person recognises a job by: its title (edited or generated), else its file's name, else its URL. */
export function jobName(job: JobSummary): string {
  return job.title ?? job.source_name ?? job.source_url ?? 'Uploaded video';
}

/**
 * One job in the list: a checkbox for bulk actions, first thumbnail, title, duration, tags, status, live progress,
 * a failed job's error in one line, age and (for admins) owner.
 */
export function JobRow({ job, showOwner, selected, onSelect }: {
  job: JobSummary;
  showOwner: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const name = jobName(job);
  const error = job.status === 'FAILED' && job.error_message ? job.error_message.split('\n')[0] : null;
  return (
    <li className="job-row" data-job-id={job.job_id}>
      <input type="checkbox" className="select" aria-label={`Select ${name}`} checked={selected}
        onChange={(event) => onSelect(event.target.checked)} />
      <Link to={`/jobs/${job.job_id}`} className="job-link">
        {job.first_thumbnail
          ? <img src={job.first_thumbnail.thumbnail_url} alt="" width={96} height={Math.round(96 * job.first_thumbnail.height / job.first_thumbnail.width)} />
          : <span className="no-thumbnail" aria-hidden="true" />}
        <span className="job-name">{name}</span>
      </Link>
      <span className="job-facts">
        {job.duration_seconds !== null && <span className="duration" aria-label="Duration">{clock(job.duration_seconds)}</span>}
        {job.tags.length > 0 && (
          <span className="tags" aria-label="Tags">{job.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</span>
        )}
        {error && <span className="row-error" title={job.error_message}>{error}</span>}
      </span>
      <StatusBadge status={job.status} />
      <ProgressBar value={job.progress_percent} label={`Progress of ${name}`} status={job.status} />
      <time dateTime={job.created_at} title={job.created_at}>{age(job.created_at)}</time>
      {showOwner && <span className="owner" aria-label="Owner">{job.owner_id}</span>}
    </li>
  );
}
