import { useStageDurations } from '@video-jobs/react';
import { errorText, label } from '../format';

const seconds = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** Median and p95 run time of each stage over the last hour, as the database computes them from stored timings. */
export function StageDurations() {
  const durations = useStageDurations();
  return (
    <section aria-labelledby="durations-heading">
      <h2 id="durations-heading">Stage durations, last hour</h2>
      {durations.isPending && <p>Loading…</p>}
      {durations.isError && <p role="alert" className="error">{errorText(durations.error)}</p>}
      {durations.data && durations.data.stages.length === 0 && <p>No stage finished in the last hour.</p>}
      {durations.data && durations.data.stages.length > 0 && (
        <div className="table-scroll">
          <table className="durations">
            <thead>
              <tr><th scope="col">Stage</th><th scope="col" className="number">Runs</th>
                <th scope="col" className="number">Median (s)</th><th scope="col" className="number">p95 (s)</th></tr>
            </thead>
            <tbody>
              {durations.data.stages.map((stage) => (
                <tr key={stage.stage_id} data-duration-stage={stage.stage_id}>
                  <th scope="row">{label(stage.stage_id)}</th>
                  <td className="number">{stage.runs}</td>
                  <td className="number">{seconds(stage.median_seconds)}</td>
                  <td className="number">{seconds(stage.p95_seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
