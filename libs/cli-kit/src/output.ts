import { SingleBar } from 'cli-progress';

/** A live progress bar; a no-op where none is drawn (--json, a pipe, a file). */
export interface Progress {
  /** `done` of the total so far, and the values of the format's own {fields}. */
  update(done: number, fields?: Record<string, string | number>): void;
  /** Removes the bar, leaving the terminal as it was. */
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

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

  /**
   * A progress bar on stderr for long work (track, sweep, matrix): `format` takes cli-progress's
   * {bar}, {value}, {total}, {eta_formatted} and the caller's own {fields}. Only on a terminal and
   * without --json, so a pipe or a JSON reader never sees it; cleared when stopped.
   */
  progressBar(total: number, format: string, fields: Record<string, string | number> = {}): Progress {
    if (this.json || !this.err.isTTY) return NO_PROGRESS;
    const bar = new SingleBar({
      format,
      stream: this.err,
      barsize: 24,
      hideCursor: false,
      clearOnComplete: true,
      // Long work moves in bursts (a clock jump, a slow directory): average the ETA over more steps.
      etaBuffer: 50,
      fps: 5,
    });
    bar.start(total, 0, fields);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      process.off('SIGINT', interrupted);
      bar.stop();
    };
    // Ctrl-C mid-way: give the terminal back its line wrapping and a clean line, then stop as Ctrl-C does.
    const interrupted = () => {
      stop();
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    return {
      update: (done, more) => {
        if (!stopped) bar.update(done, more);
      },
      stop,
    };
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
