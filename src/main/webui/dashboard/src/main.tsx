import { createVideoJobsClient } from '@video-jobs/client';
import { VideoJobsProvider } from '@video-jobs/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder until the dashboard issue: the service's own origin, a token pasted into localStorage.
const client = createVideoJobsClient({ getToken: () => localStorage.getItem('video-jobs.token') ?? '' });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <VideoJobsProvider client={client}>
      <h1>video-jobs</h1>
    </VideoJobsProvider>
  </StrictMode>,
);
