import { useConnectionStatus } from '@video-jobs/react';
import { useEffect } from 'react';
import type { Session } from '../session';

/** Ends the session when its token expires or the socket reports it unauthorized. */
export function SessionGuard({ session, onExpired }: { session: Session; onExpired: () => void }) {
  const status = useConnectionStatus();
  useEffect(() => {
    if (status === 'unauthorized') onExpired();
  }, [status, onExpired]);
  useEffect(() => {
    if (session.expiresAt === undefined) return undefined;
    const timer = setTimeout(onExpired, Math.max(0, session.expiresAt * 1000 - Date.now()));
    return () => clearTimeout(timer);
  }, [session.expiresAt, onExpired]);
  return null;
}
