interface Props {
  value: number;
  label: string;
  status?: string;
}

/**
 * A labelled progress bar (0 to 100), announced politely. The percentage is drawn beside the track, not over the
 * fill; the fill's width transition is off under prefers-reduced-motion, so a still picture shows the value.
 */
export function ProgressBar({ value, label, status }: Props) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className={`progress ${status ? `status-${status.toLowerCase()}` : ''}`} role="progressbar" aria-label={label}
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-live="polite" data-progress={percent}>
      <div className="progress-track"><div className="progress-fill" style={{ width: `${percent}%` }} /></div>
      <span className="progress-text" aria-hidden="true">{percent}%</span>
    </div>
  );
}
