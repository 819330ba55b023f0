import type { Snippet } from '@video-jobs/client';

/**
 * A search snippet with its matches marked: the text is rendered as text (React escapes it), and each matched range
 * becomes a `<mark>`. The service sends offsets, never markup, since titles and transcripts are user input.
 */
export function Highlight({ snippet }: { snippet: Snippet }) {
  const parts = [];
  let at = 0;
  for (const { start, end } of [...snippet.matches].sort((a, b) => a.start - b.start)) {
    if (start < at || end > snippet.text.length) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}
