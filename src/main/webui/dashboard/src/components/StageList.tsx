import type { Stage } from '@video-jobs/client';
import { label } from '../format';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

/** Each stage with its status and progress bar. */
export function StageList({ stages }: { stages: Stage[] }) {
  return (
    <section aria-labelledby="stages-heading">
      <h2 id="stages-heading">Stages</h2>
      <ol className="stages">
        {stages.map((stage) => (
          <li key={stage.stage_id} data-stage={stage.stage_id}>
            <span className="stage-name">{label(stage.stage_id)}</span>
            <StatusBadge status={stage.status} />
            <ProgressBar value={stage.progress_percent} label={`${label(stage.stage_id)} progress`} status={stage.status} />
            {stage.error_message && <p className="error">{stage.error_message}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
