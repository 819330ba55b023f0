import { clock } from '../format';

export interface TranscriptContent {
  source?: string;
  text?: string;
  segments?: Array<{ start_seconds: number; end_seconds: number; text: string }>;
}

/** The transcript, one line per segment with its time; clicking a line seeks the player there. */
export function Transcript({ content, onSeek }: { content: TranscriptContent | undefined; onSeek: (seconds: number) => void }) {
  if (!content?.segments) return null;
  return (
    <section aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      {content.segments.length === 0 && <p>No speech was recognised.</p>}
      <ol className="transcript">
        {content.segments.map((segment) => (
          <li key={segment.start_seconds}>
            <button type="button" className="plain" onClick={() => onSeek(segment.start_seconds)} data-start={segment.start_seconds}>
              <time>{clock(segment.start_seconds)}</time> {segment.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
