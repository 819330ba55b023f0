import { useState, type FormEvent, type KeyboardEvent } from 'react';

interface Props {
  label: string;
  value: string;
  placeholder: string;
  onSave: (value: string) => void;
  multiline?: boolean;
  className?: string;
}

/** Text shown in place with an Edit button; Enter (or Save) saves, Escape cancels. */
export function EditableText({ label, value, placeholder, onSave, multiline, className }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null) {
    return (
      <div className={`editable ${className ?? ''}`}>
        <span data-field={label}>{value || <em>{placeholder}</em>}</span>{' '}
        <button type="button" className="small" aria-label={`Edit ${label.toLowerCase()}`} onClick={() => setDraft(value)}>Edit</button>
      </div>
    );
  }
  const save = (event: FormEvent) => {
    event.preventDefault();
    onSave(draft);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setDraft(null);
  };
  return (
    <form className={`editable ${className ?? ''}`} onSubmit={save}>
      {multiline
        ? <textarea aria-label={label} value={draft} autoFocus onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
        : <input aria-label={label} value={draft} autoFocus onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />}
      <button type="submit" className="small">Save</button>
      <button type="button" className="small" onClick={() => setDraft(null)}>Cancel</button>
    </form>
  );
}
