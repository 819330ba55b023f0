interface Props {
  value: number;
  label: string;
  status?: string;
}

/** A labelled progress bar (0 to 100). */
export function ProgressBar({ value, label, status }: Props) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className={`progress ${status ? `status-${status.toLowerCase()}` : ''}`} role="progressbar" aria-label={label}
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-progress={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
      <span className="progress-text">{percent}%</span>
    </div>
  );
}
