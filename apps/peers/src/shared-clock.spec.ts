import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedClock } from './shared-clock';

describe('sharedClock: one clock origin for the containers of the Docker world', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lab-clock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const options = (start: number, speed: number) => ({
    clockStartMinute: start,
    clockSpeed: speed,
    extraPersonas: 0,
    seed: 1,
  });

  it('runs a container started a minute later on the first one’s origin', () => {
    const file = join(dir, 'clock.json');
    const first = sharedClock(file, options(6 * 60, 60), 1_000_000);
    const later = sharedClock(file, options(9 * 60, 1), 1_060_000);
    // A minute of real time at 60×: both say 07:00 at the same real moment, not 06:00 and 07:00.
    expect(first.minutes(1_060_000)).toBe(7 * 60);
    expect(later.minutes(1_060_000)).toBe(7 * 60);
    expect(later.speed).toBe(60);
  });

  it('refuses a file that holds no origin, naming it', () => {
    const file = join(dir, 'clock.json');
    writeFileSync(file, '{"realMs":"soon"}');
    expect(() => sharedClock(file, options(6 * 60, 60))).toThrow(/clock\.json does not hold a clock origin/);
  });
});
