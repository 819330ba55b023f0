import { clock } from '../format';

export interface Chapter {
  start_seconds: number;
  end_seconds: number;
  title: string;
}

/** The chapter list under the player; the one playing is marked current, and a click seeks to a chapter's start. */
export function ChapterTimeline({ chapters, currentTime, onSeek }: { chapters: Chapter[]; currentTime: number; onSeek: (seconds: number) => void }) {
  if (chapters.length === 0) return null;
  return (
    <nav aria-label="Chapters">
      <ol className="chapters">
        {chapters.map((chapter) => {
          const current = currentTime >= chapter.start_seconds && currentTime < chapter.end_seconds;
          return (
            <li key={chapter.start_seconds}>
              <button type="button" className="chapter" onClick={() => onSeek(chapter.start_seconds)} data-start={chapter.start_seconds}
                aria-current={current ? 'true' : undefined}>
                {chapter.title} <small>{clock(chapter.start_seconds)}–{clock(chapter.end_seconds)}</small>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
