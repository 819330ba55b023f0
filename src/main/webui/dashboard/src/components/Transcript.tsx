import { useEffect, useRef } from 'react';
import { clock } from '../format';

export interface TranscriptContent {
  source?: string;
  text?: string;
  segments?: Array<{ start_seconds: number; end_seconds: number; text: string }>;
}

/**
 * The transcript, one line per segment with its time; the line being spoken is highlighted (and scrolled into the
 * list's view, not the page's), and clicking a line seeks the player there.
 */
export function Transcript({ content, currentTime, onSeek }: { content: TranscriptContent | undefined; currentTime: number; onSeek: (seconds: number) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const segments = content?.segments ?? [];
  const current = segments.findIndex((segment) => currentTime >= segment.start_seconds && currentTime < segment.end_seconds);
  useEffect(() => {
    const box = list.current;
    const line = current >= 0 ? box?.children[current] as HTMLElement | undefined : undefined;
    if (!box || !line) return;
    if (line.offsetTop < box.scrollTop || line.offsetTop + line.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = line.offsetTop - box.clientHeight / 3;
    }
  }, [current]);
  if (!content?.segments) return null;
  return (
    <section aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      {segments.length === 0 && <p>No speech was recognised.</p>}
      <ol className="transcript" ref={list} tabIndex={segments.length > 0 ? 0 : undefined} aria-label="Transcript lines">
        {segments.map((segment, i) => (
          <li key={segment.start_seconds} aria-current={i === current ? 'true' : undefined}>
            <button type="button" className="plain" onClick={() => onSeek(segment.start_seconds)} data-start={segment.start_seconds}>
              <time>{clock(segment.start_seconds)}</time> {segment.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
