import type { Stage } from '@video-jobs/client';
import { label } from '../format';

const seconds = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} s`;
const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/**
 * Where the job spent its time: per stage, a lane with the wait (runnable to started) and the run (started to
 * finished, or to now while it runs) on one time axis, with its duration, CPU seconds and attempts in words.
 */
export function StageWaterfall({ stages, now = Date.now() }: { stages: Stage[]; now?: number }) {
  const times = stages.flatMap((stage) => [at(stage.runnable_at) ?? at(stage.started_at), at(stage.finished_at) ?? (stage.started_at ? now : null)])
    .filter((time): time is number => time !== null);
  if (times.length === 0) return null;
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start);
  const x = (time: number) => ((time - start) / span) * 100;
  return (
    <section aria-labelledby="waterfall-heading">
      <h2 id="waterfall-heading">Stage timings</h2>
      <ol className="waterfall">
        {stages.map((stage) => {
          const runnable = at(stage.runnable_at);
          const started = at(stage.started_at);
          const finished = at(stage.finished_at);
          const end = finished ?? (started !== null ? now : null);
          const facts: string[] = [];
          if (started === null) facts.push(runnable === null ? 'not run' : 'waiting');
          else if (finished === null) facts.push(`running for ${seconds((now - started) / 1000)}`);
          else facts.push(`took ${seconds(stage.duration_seconds ?? (finished - started) / 1000)}`);
          if (runnable !== null && started !== null) facts.push(`waited ${seconds((started - runnable) / 1000)}`);
          if (stage.cpu_seconds !== undefined && stage.cpu_seconds !== null) facts.push(`CPU ${seconds(stage.cpu_seconds)}`);
          if (stage.attempts) facts.push(`${stage.attempts} ${stage.attempts === 1 ? 'attempt' : 'attempts'}`);
          return (
            <li key={stage.stage_id} data-timing={stage.stage_id} data-duration={stage.duration_seconds ?? undefined}>
              <span className="stage-name">{label(stage.stage_id)}</span>
              <div className="waterfall-lane" aria-hidden="true">
                {runnable !== null && started !== null && (
                  <div className="waterfall-wait" style={{ left: `${x(runnable)}%`, width: `${x(started) - x(runnable)}%` }} />
                )}
                {started !== null && end !== null && (
                  <div className="waterfall-run" style={{ left: `${x(started)}%`, width: `${Math.max(0.5, x(end) - x(started))}%` }} />
                )}
              </div>
              <span className="waterfall-facts">{facts.join(' · ')}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
