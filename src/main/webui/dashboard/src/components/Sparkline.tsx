interface Props {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}

/** A small time-series line in plain SVG, scaled from zero to the largest value. */
export function Sparkline({ values, label, width = 160, height = 40 }: Props) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(height - (value / max) * (height - 2) - 1).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`${label}: last ${values.length} samples, highest ${max}`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
