import { useConnectionStatus } from '@video-jobs/react';

const TEXT: Record<string, string> = {
  open: 'live',
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  polling: 'polling',
  offline: 'offline',
  unauthorized: 'signed out',
};

/** Live, reconnecting or polling: how updates are reaching this page. */
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
