import { PassThrough } from 'node:stream';
import { Output } from './output';

/** A real stream that says it is a terminal (or not), keeping what was written to it. */
function stream(isTTY: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; written: string };
  s.isTTY = isTTY;
  s.columns = 160;
  s.written = '';
  s.on('data', (chunk: Buffer) => (s.written += chunk.toString()));
  return s as unknown as NodeJS.WriteStream & { written: string };
}

const FORMAT = 'tracking alice {bar} {labTime} · {sightings} sightings · ETA {eta_formatted}';
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Output.progressBar', () => {
  it('draws lab time, sightings and an ETA on a terminal, and clears its line when stopped', async () => {
    const out = stream(true);
    const err = stream(true);
    const progress = new Output(false, out, err).progressBar(100, FORMAT, {
      labTime: 'day 1 06:30',
      sightings: 0,
    });
    progress.update(40, { labTime: 'day 1 16:00', sightings: 3 });
    progress.stop();
    progress.stop(); // twice is harmless
    await flush();
    expect(err.written).toContain('tracking alice');
    expect(err.written).toContain('day 1 16:00 · 3 sightings · ETA');
    expect(err.written).toContain('\u001b[0K'); // its line is cleared, nothing left behind
    expect(out.written).toBe(''); // stdout keeps only the results
  });

  it('draws nothing with --json, even on a terminal', async () => {
    const err = stream(true);
    const progress = new Output(true, stream(true), err).progressBar(10, FORMAT, {
      labTime: 'x',
      sightings: 0,
    });
    progress.update(5, { labTime: 'day 1 07:00', sightings: 1 });
    progress.stop();
    await flush();
    expect(err.written).toBe('');
  });

  it('draws nothing into a pipe or a file', async () => {
    const err = stream(false);
    const progress = new Output(false, stream(false), err).progressBar(10, FORMAT, {
      labTime: 'x',
      sightings: 0,
    });
    progress.update(5, { labTime: 'day 1 07:00', sightings: 1 });
    progress.stop();
    await flush();
    expect(err.written).toBe('');
  });

  it('leaves no SIGINT handler behind once stopped', () => {
    const before = process.listenerCount('SIGINT');
    const progress = new Output(false, stream(false), stream(true)).progressBar(10, FORMAT, {});
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    progress.stop();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
