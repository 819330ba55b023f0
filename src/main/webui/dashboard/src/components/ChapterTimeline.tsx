import { clock } from '../format';

export interface Chapter {
  start_seconds: number;
  end_seconds: number;
  title: string;
}

/** Chapters as proportional segments of a timeline under the player; clicking one seeks to its start. */
export function ChapterTimeline({ chapters, duration, onSeek }: { chapters: Chapter[]; duration: number; onSeek: (seconds: number) => void }) {
  if (chapters.length === 0) return null;
  return (
    <nav aria-label="Chapters" className="chapters">
      {chapters.map((chapter) => (
        <button key={chapter.start_seconds} type="button" className="chapter"
          style={{ flexGrow: Math.max(0.01, (chapter.end_seconds - chapter.start_seconds) / Math.max(duration, 0.01)) }}
          onClick={() => onSeek(chapter.start_seconds)} data-start={chapter.start_seconds}
          aria-label={`${chapter.title}, from ${clock(chapter.start_seconds)} to ${clock(chapter.end_seconds)}`}>
          {chapter.title} <small>{clock(chapter.start_seconds)}</small>
        </button>
      ))}
    </nav>
  );
}
