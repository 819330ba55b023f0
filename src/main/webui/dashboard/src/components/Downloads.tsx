import type { ExportLinks } from '@video-jobs/client';

const FILES: Array<[keyof ExportLinks, string, string]> = [
  ['transcript_vtt', 'Transcript (WebVTT)', 'transcript.vtt'],
  ['transcript_srt', 'Transcript (SRT)', 'transcript.srt'],
  ['transcript_txt', 'Transcript (text)', 'transcript.txt'],
  ['transcript_json', 'Transcript (JSON)', 'transcript.json'],
  ['chapters_vtt', 'Chapters (WebVTT)', 'chapters.vtt'],
];

/** Download links for the job's transcript and chapter files (signed links, so they need no token). */
export function Downloads({ jobId, exports }: { jobId: string; exports: ExportLinks | undefined }) {
  const available = FILES.filter(([key]) => exports?.[key]);
  if (available.length === 0) return null;
  return (
    <section aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">Downloads</h2>
      <ul className="downloads">
        {available.map(([key, name, file]) => (
          <li key={key}><a href={exports?.[key]} download={`${jobId}-${file}`} data-export={key}>{name}</a></li>
        ))}
      </ul>
    </section>
  );
}
