import { useConnectionStatus } from '@video-jobs/react';

const TEXT: Record<string, string> = {
  idle: 'idle',
  open: 'live',
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  polling: 'polling',
  offline: 'offline',
  unauthorized: 'signed out',
};

/**
 * Live, reconnecting or polling: how updates are reaching this page. `idle` (quiet, not red) when nothing on the page
 * needs a socket; `offline` only when one is needed and the browser is offline or the service cannot be reached.
 */
export function ConnectionBadge() {
  const status = useConnectionStatus();
  const text = TEXT[status] ?? status;
  return (
    <span className={`connection connection-${text.replace(' ', '-')}`} role="status" aria-live="polite"
      aria-label={`Connection: ${text}`} data-connection={text}>
      {text}
    </span>
  );
}
