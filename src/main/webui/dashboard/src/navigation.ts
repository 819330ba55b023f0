import { createContext } from 'react';

/** Changes the app's page (History API); provided by App. */
export const NavigateContext = createContext<(to: string) => void>(() => undefined);

export type Route = { page: 'jobs' } | { page: 'job'; jobId: string } | { page: 'operator' } | { page: 'webhooks' } | { page: 'missing' };

/** The page of a path; a query (such as a job page's `?t=`) does not change the page. */
export function route(path: string): Route {
  const pathname = path.split('?')[0];
  if (pathname === '/' || pathname === '') return { page: 'jobs' };
  if (pathname === '/operator') return { page: 'operator' };
  if (pathname === '/webhooks') return { page: 'webhooks' };
  const job = /^\/jobs\/([0-9a-f-]{36})$/i.exec(pathname);
  return job ? { page: 'job', jobId: job[1] } : { page: 'missing' };
}
