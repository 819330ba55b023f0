import type { Job, MetadataPatch } from '@video-jobs/client';
import { useUpdateMetadata } from '@video-jobs/react';
import { errorText } from '../format';
import { EditableText } from './EditableText';

/** Title, description and tags, edited in place: shown at once, then PATCHed (rolled back if refused). */
export function MetadataEditor({ job }: { job: Job }) {
  const update = useUpdateMetadata();
  const save = (patch: MetadataPatch) => update.mutate({ jobId: job.job_id, patch });
  const title = typeof job.metadata.TITLE === 'string' ? job.metadata.TITLE : '';
  const description = typeof job.metadata.DESCRIPTION === 'string' ? job.metadata.DESCRIPTION : '';
  const tags = Array.isArray(job.metadata.TAGS) ? (job.metadata.TAGS as string[]) : [];
  return (
    <div className="metadata">
      <h1><EditableText label="Title" value={title} placeholder="Untitled" onSave={(TITLE) => save({ TITLE })} /></h1>
      <EditableText label="Description" value={description} placeholder="No description" multiline
        onSave={(DESCRIPTION) => save({ DESCRIPTION })} />
      <EditableText label="Tags" value={tags.join(', ')} placeholder="No tags" className="tags"
        onSave={(text) => save({ TAGS: text.split(',').map((tag) => tag.trim()).filter(Boolean) })} />
      {update.isError && <p role="alert" className="error">{errorText(update.error)}</p>}
    </div>
  );
}
