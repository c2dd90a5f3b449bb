// A tiny traffic line (SVG, no axes); the numbers are in the accessible label and the tooltip.
export function Sparkline({ values, label, width = 120, height = 28 }: { values: number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  const total = values.reduce((s, v) => s + v, 0);
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="overflow-visible">
      <title>{label}</title>
      <polyline points={points} fill="none" stroke={total > 0 ? 'var(--color-brand-600)' : '#cbd5e1'} strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
