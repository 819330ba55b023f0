import type { JobFilter, JobStatus } from '@video-jobs/client';

/** The list page's view, kept in its address (`/?status=FAILED&status=CANCELLED&tag=x&from=…&to=…&q=…`). */
export interface ListQuery {
  statuses: JobStatus[];
  tag: string;
  /** First day shown, `YYYY-MM-DD` (as a date input gives it), or ''. */
  from: string;
  /** Last day shown, inclusive, or ''. */
  to: string;
  q: string;
}

export const STATUSES: JobStatus[] = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The view of an address's query; unknown or malformed values are left out. */
export function readListQuery(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  return {
    statuses: STATUSES.filter((status) => params.getAll('status').includes(status)),
    tag: params.get('tag') ?? '',
    from: day('from'),
    to: day('to'),
    q: params.get('q') ?? '',
  };
}

/** The address query of a view: `''` for the plain list, else `?…`. */
export function writeListQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  query.statuses.forEach((status) => params.append('status', status));
  if (query.tag.trim()) params.set('tag', query.tag.trim());
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (query.q.trim()) params.set('q', query.q.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API filter of a view: days are UTC, and `to` includes its whole day. */
export function toFilter(query: ListQuery): Omit<JobFilter, 'cursor' | 'limit'> {
  const filter: Omit<JobFilter, 'cursor' | 'limit'> = {};
  if (query.statuses.length) filter.status = query.statuses;
  if (query.tag.trim()) filter.tag = query.tag.trim();
  if (query.from) filter.created_from = query.from;
  if (query.to) filter.created_to = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (query.q.trim()) filter.q = query.q.trim();
  return filter;
}

export function isFiltered(query: ListQuery): boolean {
  return writeListQuery(query) !== '';
}
