import type { ErrorMessage, JobMessage } from '@video-jobs/client';
import { label } from '../format';

/** The job's logged processing errors, with their stage and whether they were recoverable. */
export function JobErrors({ events }: { events: JobMessage[] }) {
  const errors = events.filter((event): event is ErrorMessage & JobMessage => event.type === 'ERROR');
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby="errors-heading">
      <h2 id="errors-heading">Errors</h2>
      <ul className="errors">
        {errors.map((error) => (
          <li key={error.seq ?? error.timestamp} className="error">
            <strong>{error.data.error_code}</strong>: {error.data.error_message}
            <span className="error-facts">
              {error.data.affected_stage && <> · stage {label(error.data.affected_stage)}</>}
              {' · '}{error.data.recoverable ? 'recoverable' : 'not recoverable'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
