import type { ExportLinks } from '@video-jobs/client';
import { useEffect, useState } from 'react';
import { clock } from '../format';
import type { Chapter } from './ChapterTimeline';

interface Props {
  video: HTMLVideoElement | null;
  videoRef: (element: HTMLVideoElement | null) => void;
  currentTime: number;
  duration: number;
  src: string;
  exports: ExportLinks | undefined;
  chapters: Chapter[];
  /** Where to start, from `?t=SECONDS`. */
  startAt: number | null;
  onSeek: (seconds: number) => void;
}

/**
 * The source video with the browser's own controls (and keys), the transcript as a captions track that a button
 * turns on and off, and under it a thin bar showing the played part with a mark at each chapter's start (its title
 * on hover or focus; a click seeks there).
 */
export function Player({ video, videoRef, currentTime, duration, src, exports, chapters, startAt, onSeek }: Props) {
  const [captions, setCaptions] = useState(true);
  const length = duration || (chapters.length > 0 ? chapters[chapters.length - 1].end_seconds : 0);

  useEffect(() => {
    const element = video;
    if (!element || startAt === null) return undefined;
    const start = () => { element.currentTime = startAt; };
    if (element.readyState >= 1) start();
    else element.addEventListener('loadedmetadata', start, { once: true });
    return () => element.removeEventListener('loadedmetadata', start);
  }, [video, startAt]);

  useEffect(() => {
    const track = video?.textTracks[0];
    if (track) track.mode = captions ? 'showing' : 'hidden';
  });

  return (
    <>
      <video ref={videoRef} src={src} controls preload="metadata" aria-label="Source video">
        {exports?.transcript_vtt && <track kind="captions" src={exports.transcript_vtt} srcLang="en" label="Transcript" default />}
      </video>
      <div className="player-tools">
        {exports?.transcript_vtt && (
          <button type="button" aria-pressed={captions} onClick={() => setCaptions(!captions)}>Captions</button>
        )}
        <span className="hint">{clock(currentTime)} / {clock(length)}</span>
      </div>
      {length > 0 && (
        <div className="seek" data-duration={length}>
          <div className="seek-track"><div className="seek-played" style={{ width: `${Math.min(100, (currentTime / length) * 100)}%` }} /></div>
          {chapters.map((chapter) => (
            <button key={chapter.start_seconds} type="button" className="chapter-mark" data-start={chapter.start_seconds}
              style={{ left: `${(chapter.start_seconds / length) * 100}%` }} onClick={() => onSeek(chapter.start_seconds)}
              aria-label={`Chapter mark: ${chapter.title} at ${clock(chapter.start_seconds)}`}>
              <span className="mark-title" aria-hidden="true">{chapter.title}</span>
            </button>
          ))}
        </div>
      )}
    </>
  );
}
