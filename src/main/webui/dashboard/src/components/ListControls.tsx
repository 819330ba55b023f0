import { useEffect, useState, type FormEvent } from 'react';
import { label } from '../format';
import { STATUSES, isFiltered, type ListQuery } from '../listQuery';

/**
 * The search box and the list's filters. Each change goes into the page's address, so a filtered view survives a
 * reload and can be shared; the text fields apply when submitted (Enter), the others at once.
 */
export function ListControls({ query, onChange }: { query: ListQuery; onChange: (next: ListQuery) => void }) {
  const [q, setQ] = useState(query.q);
  const [tag, setTag] = useState(query.tag);
  useEffect(() => setQ(query.q), [query.q]);
  useEffect(() => setTag(query.tag), [query.tag]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...query, q, tag });
  };
  const toggle = (status: ListQuery['statuses'][number]) => onChange({
    ...query,
    statuses: query.statuses.includes(status) ? query.statuses.filter((s) => s !== status) : [...query.statuses, status],
  });
  return (
    <form className="list-controls" role="search" aria-label="Search and filter jobs" onSubmit={submit}>
      <div className="search-row">
        <label htmlFor="search-q">Search videos</label>
        <input id="search-q" type="search" value={q} onChange={(event) => setQ(event.target.value)}
          placeholder={'words, "a phrase", prefix*'} maxLength={200} />
        <button type="submit">Search</button>
      </div>
      <fieldset className="filters">
        <legend>Filters</legend>
        <div className="status-filter" role="group" aria-label="Status">
          {STATUSES.map((status) => (
            <label key={status} className="check">
              <input type="checkbox" name="status" value={status} checked={query.statuses.includes(status)}
                onChange={() => toggle(status)} />
              {label(status)}
            </label>
          ))}
        </div>
        <label>Tag <input name="tag" value={tag} onChange={(event) => setTag(event.target.value)} maxLength={64}
          onBlur={() => tag !== query.tag && onChange({ ...query, q, tag })} /></label>
        <label>From <input type="date" name="from" value={query.from} onChange={(event) => onChange({ ...query, from: event.target.value })} /></label>
        <label>To <input type="date" name="to" value={query.to} onChange={(event) => onChange({ ...query, to: event.target.value })} /></label>
        {isFiltered(query) && (
          <button type="button" onClick={() => onChange({ statuses: [], tag: '', from: '', to: '', q: '' })}>Clear</button>
        )}
      </fieldset>
    </form>
  );
}
