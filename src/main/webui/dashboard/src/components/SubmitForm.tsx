import type { StageId } from '@video-jobs/client';
import { useSubmitJob } from '@video-jobs/react';
import { useContext, useState, type DragEvent, type FormEvent } from 'react';
import { errorText, label } from '../format';
import { NavigateContext } from '../navigation';
import { ProgressBar } from './ProgressBar';

const STAGES: StageId[] = ['METADATA_EXTRACTION', 'THUMBNAIL_GENERATION', 'TRANSCRIPTION', 'CHAPTERS', 'METADATA_GENERATION'];

/** A fresh key per intended submission: a double click or a network retry sends the same one, so makes one job. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Submits a job by URL or by a dropped or chosen file, with stage selection and an Idempotency-Key. */
export function SubmitForm() {
  const navigate = useContext(NavigateContext);
  const submit = useSubmitJob();
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [stages, setStages] = useState<StageId[]>(STAGES);
  const [key, setKey] = useState(newKey);
  const [dragging, setDragging] = useState(false);

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setKey(newKey());
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0] ?? null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = file ? { file, filename: file.name, stages } : { source_url: url.trim(), stages, idempotencyKey: key };
    submit.mutate(input, {
      onSuccess: (job) => {
        setKey(newKey());
        navigate(`/jobs/${job.job_id}`);
      },
    });
  };

  const toggle = (stage: StageId) =>
    setStages((current) => (current.includes(stage) ? current.filter((s) => s !== stage) : STAGES.filter((s) => s === stage || current.includes(s))));

  return (
    <section aria-labelledby="submit-heading" className="submit">
      <h2 id="submit-heading">New job</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor="source-url">Video URL</label>
        <input id="source-url" type="url" placeholder="https://…" value={url} disabled={file !== null}
          onChange={(e) => { setUrl(e.target.value); setKey(newKey()); }} />
        <div className={`drop-zone${dragging ? ' dragging' : ''}`} onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)} onDrop={onDrop}>
          <label htmlFor="source-file">…or drop a video file here, or choose one</label>
          <input id="source-file" type="file" accept="video/*,audio/*" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
          {file && (
            <p>{file.name} ({Math.round(file.size / 1024)} KB){' '}
              <button type="button" onClick={() => choose(null)}>Remove file</button></p>
          )}
        </div>
        <fieldset>
          <legend>Stages</legend>
          {STAGES.map((stage) => (
            <label key={stage} className="stage-choice">
              <input type="checkbox" checked={stages.includes(stage)} onChange={() => toggle(stage)} /> {label(stage)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={submit.isPending || stages.length === 0 || (!file && !url.trim())}>
          {submit.isPending ? 'Submitting…' : 'Submit'}
        </button>
        {submit.isPending && file && submit.progress && (
          <ProgressBar value={(submit.progress.loaded / Math.max(1, submit.progress.total)) * 100} label="Upload progress" />
        )}
        {submit.isError && <p role="alert" className="error">{errorText(submit.error)}</p>}
      </form>
    </section>
  );
}
