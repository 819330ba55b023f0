import { createContext } from 'react';

/** Changes the app's page (History API); provided by App. */
export const NavigateContext = createContext<(to: string) => void>(() => undefined);

export type Route = { page: 'jobs' } | { page: 'job'; jobId: string } | { page: 'operator' } | { page: 'missing' };

export function route(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'jobs' };
  if (pathname === '/operator') return { page: 'operator' };
  const job = /^\/jobs\/([0-9a-f-]{36})$/i.exec(pathname);
  return job ? { page: 'job', jobId: job[1] } : { page: 'missing' };
}
