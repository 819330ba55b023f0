import { label } from '../format';

/** A job's or stage's status as a coloured label. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`} data-status={status}>{label(status)}</span>;
}
