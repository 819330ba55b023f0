import type { Job } from '@video-jobs/client';
import { useJob, useJobEvents, useMediaTime } from '@video-jobs/react';
import { useState } from 'react';
import { ChapterTimeline, type Chapter } from '../components/ChapterTimeline';
import { Downloads } from '../components/Downloads';
import { EventTimeline } from '../components/EventTimeline';
import { JobActions } from '../components/JobActions';
import { JobErrors } from '../components/JobErrors';
import { MetadataEditor } from '../components/MetadataEditor';
import { Player } from '../components/Player';
import { ProgressBar } from '../components/ProgressBar';
import { StageList } from '../components/StageList';
import { StageWaterfall } from '../components/StageWaterfall';
import { StatusBadge } from '../components/StatusBadge';
import { Thumbnails } from '../components/Thumbnails';
import { Transcript, type TranscriptContent } from '../components/Transcript';
import { errorText } from '../format';

/** `?t=SECONDS` of the page's address: where the player starts (search hits link to it). */
function startTime(): number | null {
  const t = Number(new URLSearchParams(location.search).get('t'));
  return Number.isFinite(t) && t > 0 ? t : null;
}

/** One job, live: progress, player, chapters, transcript, downloads, timings, thumbnails, metadata, errors, events and actions. */
export function JobPage({ jobId, admin }: { jobId: string; admin: boolean }) {
  const job = useJob(jobId);
  const events = useJobEvents(jobId);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [startAt] = useState(startTime);
  const { currentTime, duration } = useMediaTime(video);

  if (job.isPending) return <main><p>Loading…</p></main>;
  if (job.isError) return <main><p role="alert" className="error">{errorText(job.error)}</p></main>;
  const data: Job = job.data;
  const seek = (seconds: number) => {
    if (!video) return;
    video.currentTime = seconds;
    void video.play().catch(() => undefined);
  };
  const chapters = Array.isArray(data.metadata.CHAPTERS) ? (data.metadata.CHAPTERS as Chapter[]) : [];

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
            ? <Player video={video} videoRef={setVideo} currentTime={currentTime} duration={duration} src={data.video_url}
                exports={data.exports} chapters={chapters} startAt={startAt} onSeek={seek} />
            : <p>The source video is not stored yet.</p>}
          <ChapterTimeline chapters={chapters} currentTime={currentTime} onSeek={seek} />
          <Transcript content={data.metadata.TRANSCRIPT as TranscriptContent | undefined} currentTime={currentTime} onSeek={seek} />
          <Downloads jobId={data.job_id} exports={data.exports} />
        </section>
        <aside>
          <StageList stages={data.stages} />
          <StageWaterfall stages={data.stages} />
          <JobErrors events={events.data ?? []} />
        </aside>
      </div>
      <Thumbnails thumbnails={data.thumbnails} onSeek={seek} />
      <EventTimeline events={events.data ?? []} />
    </main>
  );
}
