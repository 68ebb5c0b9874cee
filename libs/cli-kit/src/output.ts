/**
 * How the lab's command-line tools speak: a readable table on a terminal, one JSON object per line with --json,
 * and progress on stderr (only on a terminal, so pipes stay clean).
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  /** A record: a JSON line, or a two-column table of its fields. */
  record(value: object, title?: string) {
    if (this.json) return this.line(JSON.stringify(value));
    if (title) this.line(title);
    this.table(
      ['field', 'value'],
      Object.entries(value).map(([key, v]) => [key, format(v)]),
    );
  }

  /** Rows: JSON lines, or a table with the given columns. */
  rows(columns: string[], rows: object[]) {
    if (this.json) return rows.forEach((row) => this.line(JSON.stringify(row)));
    this.table(
      columns,
      rows.map((row) => columns.map((c) => format((row as Record<string, unknown>)[c]))),
    );
  }

  /** A sentence for people; left out of --json output. */
  note(text: string) {
    if (!this.json) this.line(text);
  }

  progress(text: string) {
    if (this.err.isTTY) this.err.write(`\r\x1b[2K${text}`);
  }

  progressDone() {
    if (this.err.isTTY) this.err.write('\r\x1b[2K');
  }

  table(header: string[], rows: string[][]) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const render = (cells: string[]) =>
      cells
        .map((c, i) => (c ?? '').padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    this.line(render(header));
    this.line(render(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) this.line(render(row));
  }

  line(text: string) {
    this.out.write(`${text}\n`);
  }
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(format).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
