import type { Job } from '@video-jobs/client';
import { useCancelJob, useDeleteJob, useRetryJob } from '@video-jobs/react';
import { useContext } from 'react';
import { errorText } from '../format';
import { NavigateContext } from '../navigation';
import { ConfirmButton } from './ConfirmButton';

/** Cancel, retry and delete, each confirmed first. */
export function JobActions({ job }: { job: Job }) {
  const navigate = useContext(NavigateContext);
  const cancel = useCancelJob();
  const retry = useRetryJob();
  const remove = useDeleteJob();
  const running = job.status === 'PENDING' || job.status === 'PROCESSING';
  const error = cancel.error ?? retry.error ?? remove.error;
  return (
    <div className="actions">
      {running && <ConfirmButton label="Cancel job" question="Cancel this job?" onConfirm={() => cancel.mutate(job.job_id)} disabled={cancel.isPending} />}
      {(job.status === 'FAILED' || job.status === 'CANCELLED') && (
        <ConfirmButton label="Retry job" question="Run this job again from its first unfinished stage?"
          onConfirm={() => retry.mutate(job.job_id)} disabled={retry.isPending} />
      )}
      <ConfirmButton label="Delete job" question="Delete this job and its files for good?" danger disabled={remove.isPending}
        onConfirm={() => remove.mutate(job.job_id, { onSuccess: () => navigate('/') })} />
      {error && <p role="alert" className="error">{errorText(error)}</p>}
    </div>
  );
}
