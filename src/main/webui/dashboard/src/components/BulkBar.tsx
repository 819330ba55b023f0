import type { Bulk, BulkRequest, JobFilter } from '@video-jobs/client';
import { useBulkAction } from '@video-jobs/react';
import { useState } from 'react';
import { errorText, label } from '../format';
import { ProgressBar } from './ProgressBar';

type Action = BulkRequest['action'];
const ACTIONS: Array<{ action: Action; verb: string; danger?: boolean }> = [
  { action: 'RETRY', verb: 'Retry' },
  { action: 'CANCEL', verb: 'Cancel' },
  { action: 'DELETE', verb: 'Delete', danger: true },
];

/** What is selected: these rows, or every job that matches the list's filter now. */
export type Selection = { kind: 'ids'; ids: string[] } | { kind: 'filter'; filter: Omit<JobFilter, 'cursor' | 'limit'>; count: number };

/**
 * Bulk retry, cancel and delete of the selection: asks first with the count, then shows the service's progress and
 * each job's outcome (done, or skipped or failed with why).
 */
export function BulkBar({ selection, onDone }: { selection: Selection; onDone: () => void }) {
  const [asking, setAsking] = useState<Action | null>(null);
  const run = useBulkAction();
  const count = selection.kind === 'ids' ? selection.ids.length : selection.count;
  const start = (action: Action) => {
    setAsking(null);
    const request: BulkRequest = selection.kind === 'ids'
      ? { action, job_ids: selection.ids }
      : { action, filter: selection.filter };
    run.mutate(request);
  };
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      {!run.bulk && !run.isPending && (
        <>
          <span className="bulk-count">{count === 1 ? '1 job selected' : `${count} jobs selected`}</span>
          {asking === null
            ? ACTIONS.map(({ action, verb, danger }) => (
              <button key={action} type="button" className={danger ? 'danger' : undefined} disabled={count === 0}
                onClick={() => setAsking(action)}>{verb}</button>
            ))
            : (
              <span className="confirm" role="group" aria-label="Confirm">
                <span>{`${verbOf(asking)} ${count === 1 ? '1 job' : `${count} jobs`}?`}</span>
                <button type="button" autoFocus className={asking === 'DELETE' ? 'danger' : undefined}
                  onClick={() => start(asking)}>{`Yes, ${verbOf(asking).toLowerCase()} ${count}`}</button>
                <button type="button" onClick={() => setAsking(null)}>No</button>
              </span>
            )}
        </>
      )}
      {run.isError && <p role="alert" className="error">{errorText(run.error)}</p>}
      {(run.isPending || run.bulk) && <BulkProgress bulk={run.bulk} onDone={() => { run.reset(); onDone(); }} />}
    </div>
  );
}

function BulkProgress({ bulk, onDone }: { bulk: Bulk | null; onDone: () => void }) {
  if (!bulk) return <p>Starting…</p>;
  const handled = bulk.done + bulk.skipped + bulk.failed;
  const finished = bulk.status === 'COMPLETED';
  const notDone = bulk.results.filter((result) => result.outcome !== 'DONE');
  return (
    <div className="bulk-progress" data-bulk-status={bulk.status}>
      <ProgressBar value={bulk.total === 0 ? 100 : (100 * handled) / bulk.total} label={`${label(bulk.action)} progress`} />
      <p role="status" className="bulk-summary">
        {finished ? `${label(bulk.action)} finished: ` : `${label(bulk.action)}: `}
        {`${bulk.done} done, ${bulk.skipped} skipped, ${bulk.failed} failed`}
        {finished ? '' : ` of ${bulk.total}`}
      </p>
      {finished && notDone.length > 0 && (
        <ul className="bulk-results" aria-label="Jobs not done">
          {notDone.slice(0, 50).map((result) => (
            <li key={result.job_id} data-outcome={result.outcome}>
              <code>{result.job_id.slice(0, 8)}</code> {label(result.outcome)}: {result.reason}
            </li>
          ))}
          {notDone.length > 50 && <li>… and {notDone.length - 50} more</li>}
        </ul>
      )}
      {finished && <button type="button" onClick={onDone}>Close</button>}
    </div>
  );
}

function verbOf(action: Action): string {
  return ACTIONS.find((a) => a.action === action)?.verb ?? label(action);
}
