/**
 * A horizontal bar chart as a small, self-contained SVG: one bar per row at its median, a whisker
 * from min to max, the value written beside it. Enough for docs/performance.md; no dependency.
 */
export interface ChartRow {
  label: string;
  median: number;
  min: number;
  max: number;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function barChart(
  title: string,
  rows: readonly ChartRow[],
  options: { unit?: string; digits?: number; target?: number } = {},
): string {
  const labelWidth = 330;
  const plotWidth = 380;
  const rowHeight = 28;
  const top = 40;
  const width = labelWidth + plotWidth + 90;
  const height = top + rows.length * rowHeight + 40;
  const scaleMax = Math.max(...rows.map((r) => r.max), options.target ?? 0) * 1.05 || 1;
  const x = (v: number) => labelWidth + (v / scaleMax) * plotWidth;
  const digits = options.digits ?? 2;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escape(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 5}" width="${Math.max(1, x(row.median) - labelWidth).toFixed(1)}" height="16" fill="${i === 0 ? '#9aa5b1' : '#3b6ea5'}"/>`,
      `<line x1="${x(row.min).toFixed(1)}" x2="${x(row.max).toFixed(1)}" y1="${y + 13}" y2="${y + 13}" stroke="#222" stroke-width="1.5"/>`,
      `<line x1="${x(row.min).toFixed(1)}" x2="${x(row.min).toFixed(1)}" y1="${y + 8}" y2="${y + 18}" stroke="#222"/>`,
      `<line x1="${x(row.max).toFixed(1)}" x2="${x(row.max).toFixed(1)}" y1="${y + 8}" y2="${y + 18}" stroke="#222"/>`,
      `<text x="${(x(row.max) + 6).toFixed(1)}" y="${y + 17}">${row.median.toFixed(digits)}${escape(options.unit ?? '')}</text>`,
    );
  });
  if (options.target !== undefined) {
    const tx = x(options.target).toFixed(1);
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${top - 4}" y2="${top + rows.length * rowHeight}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
      `<text x="${tx}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#c0392b">target ${options.target}</text>`,
    );
  }
  parts.push(
    `<text x="10" y="${height - 8}" fill="#555" font-size="11">bar: median of the runs; whisker: min–max</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
