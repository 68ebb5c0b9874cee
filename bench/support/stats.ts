/** Small statistics for benchmark rounds: a median with the range it came from. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: [...values] };
}

/** `12,345 (11,900–13,002)`: a median with its min–max, rounded to `digits`. */
export function formatSpread(s: Spread | undefined, digits = 0, unit = ''): string {
  if (!s) return '—';
  const f = (n: number) =>
    n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return s.min === s.max ? `${f(s.median)}${unit}` : `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
}

export const progress = (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}`.padEnd(78) + (text ? '' : '\r'));
  else if (text) process.stderr.write(`${text}\n`);
};
