import type { Thumbnail } from '@video-jobs/client';
import { clock } from '../format';

/** The thumbnails generated so far, each appearing as its THUMBNAIL_GENERATED arrives; a click seeks there. */
export function Thumbnails({ thumbnails, onSeek }: { thumbnails: Thumbnail[]; onSeek: (seconds: number) => void }) {
  return (
    <section aria-labelledby="thumbnails-heading">
      <h2 id="thumbnails-heading">Thumbnails ({thumbnails.length})</h2>
      <ul className="thumbnails">
        {thumbnails.map((thumbnail) => {
          const at = thumbnail.timestamp_seconds;
          const image = <img src={thumbnail.thumbnail_url} width={thumbnail.width} height={thumbnail.height}
            alt={at === undefined || at === null ? 'Thumbnail' : `Frame at ${clock(at)}`} />;
          return (
            <li key={thumbnail.thumbnail_id} data-thumbnail-id={thumbnail.thumbnail_id}>
              {at === undefined || at === null ? image : <button type="button" className="plain" onClick={() => onSeek(at)}>{image}</button>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
