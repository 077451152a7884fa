/** Two small lines per week: first contacts (grey) and revisits (blue), on one scale, for a row of the table. */
export function Sparkline({ first, revisits, label, width = 96, height = 28 }: { first: readonly number[]; revisits: readonly number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...first, ...revisits);
  const step = first.length > 1 ? (width - 4) / (first.length - 1) : 0;
  const points = (values: readonly number[]) => values.map((v, i) => `${(2 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ display: 'block' }} data-testid="coaching-spark">
      <title>{label}</title>
      {first.length === 1 ? (
        <>
          <circle cx={width / 2} cy={height - 2 - (first[0]! / max) * (height - 4)} r={2.5} fill="#9ca3af" />
          <circle cx={width / 2} cy={height - 2 - (revisits[0]! / max) * (height - 4)} r={2.5} fill="#1677ff" />
        </>
      ) : (
        <>
          <polyline points={points(first)} fill="none" stroke="#9ca3af" strokeWidth={1.5} strokeLinejoin="round" />
          <polyline points={points(revisits)} fill="none" stroke="#1677ff" strokeWidth={2} strokeLinejoin="round" />
        </>
      )}
    </svg>
  );
}
