import type { Job } from '@video-jobs/client';
import { useJob, useJobEvents } from '@video-jobs/react';
import { useRef } from 'react';
import { ChapterTimeline, type Chapter } from '../components/ChapterTimeline';
import { EventTimeline } from '../components/EventTimeline';
import { JobActions } from '../components/JobActions';
import { JobErrors } from '../components/JobErrors';
import { MetadataEditor } from '../components/MetadataEditor';
import { ProgressBar } from '../components/ProgressBar';
import { StageList } from '../components/StageList';
import { StatusBadge } from '../components/StatusBadge';
import { Thumbnails } from '../components/Thumbnails';
import { Transcript, type TranscriptContent } from '../components/Transcript';
import { errorText } from '../format';

/** One job, live: progress, player, chapters, transcript, thumbnails, metadata, errors, events and actions. */
export function JobPage({ jobId, admin }: { jobId: string; admin: boolean }) {
  const job = useJob(jobId);
  const events = useJobEvents(jobId);
  const video = useRef<HTMLVideoElement>(null);

  if (job.isPending) return <main><p>Loading…</p></main>;
  if (job.isError) return <main><p role="alert" className="error">{errorText(job.error)}</p></main>;
  const data: Job = job.data;
  const seek = (seconds: number) => {
    if (!video.current) return;
    video.current.currentTime = seconds;
    void video.current.play().catch(() => undefined);
  };
  const chapters = Array.isArray(data.metadata.CHAPTERS) ? (data.metadata.CHAPTERS as Chapter[]) : [];
  const duration = chapters.length > 0 ? chapters[chapters.length - 1].end_seconds : 0;

  return (
    <main className="job-page">
      <header className="job-header">
        <MetadataEditor job={data} />
        <div className="job-status">
          <StatusBadge status={data.status} />
          {admin && <span className="owner">Owner: {data.owner_id}</span>}
          <JobActions job={data} />
        </div>
        <ProgressBar value={data.progress_percent} label="Overall progress" status={data.status} />
        {data.error_message && <p role="alert" className="error">{data.error_message}</p>}
      </header>
      <div className="job-columns">
        <section aria-labelledby="player-heading" className="player">
          <h2 id="player-heading">Video</h2>
          {data.video_url
            ? <video ref={video} src={data.video_url} controls preload="metadata" aria-label="Source video" />
            : <p>The source video is not stored yet.</p>}
          <ChapterTimeline chapters={chapters} duration={duration} onSeek={seek} />
          <Transcript content={data.metadata.TRANSCRIPT as TranscriptContent | undefined} onSeek={seek} />
        </section>
        <aside>
          <StageList stages={data.stages} />
          <JobErrors events={events.data ?? []} />
        </aside>
      </div>
      <Thumbnails thumbnails={data.thumbnails} onSeek={seek} />
      <EventTimeline events={events.data ?? []} />
    </main>
  );
}
