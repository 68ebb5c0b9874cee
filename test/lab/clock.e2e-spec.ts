import { join } from 'node:path';
import { ClockCommand, RunningLab, startLab } from '@lab/lab';
import { WatchCommand } from '@lab/resolver';
import { ClockState, labMinutesFromSegments } from '@lab/protocol';
import { tempDir, testLabOptions } from '../support/lab-harness';
import { printed } from '../support/printed';

// The workshop's clock control on a running lab: pause, speed, jump, and the population following.

describe('the lab clock', () => {
  const dir = tempDir();
  let lab: RunningLab;

  beforeAll(async () => {
    lab = await startLab(
      testLabOptions(join(dir.path, 'data'), {
        LAB_CLOCK_START: '06:00',
      }),
    );
  }, 20_000);
  afterAll(async () => {
    await lab.stop();
    dir.remove();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const api = async (path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${lab.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const change = async (body: unknown) => {
    const answer = await api('/clock', body);
    expect(answer.status).toBe(200);
    return answer.body as ClockState;
  };
  const where = async (directory: string, username: string) => {
    const { body } = await api('/status');
    return body.directories
      .find((d: { id: string }) => d.id === directory)
      .population.find((p: { username: string }) => p.username === username);
  };

  it('pauses, and a paused clock stands still', async () => {
    const paused = await change({ paused: true });
    expect(paused).toMatchObject({ paused: true, speed: 60 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = (await api('/clock')).body as ClockState;
    expect(later.labMinutes).toBe(paused.labMinutes);
    expect((await api('/status')).body).toMatchObject({ clockPaused: true, labTime: paused.labTime });
  });

  it('jumps ahead, and the population moves at once: alice leaves home at 07:40 for the mobile network', async () => {
    // Positive control first: at 06:xx she is at home in both directories.
    expect(await where('vulnerable', 'alice')).toMatchObject({
      slot: 'home',
      publicAddress: '198.51.100.10',
    });
    // The resolver's watch follows alice meanwhile, and dates what it sees in lab time.
    const watch = new WatchCommand();
    watch.parseFor('3');
    const watched = printed(() =>
      watch.run(['alice'], {
        json: true,
        target: lab.world.directories.get('vulnerable')!.running.url,
        lab: lab.server.url,
        user: 'clockwatcher',
        source: '127.0.113.153',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // subscribed
    const state = await change({ jumpTo: '07:41' });
    expect(state.labTime).toBe('day 1, 07:41');
    expect(state.paused).toBe(true);
    for (const directory of ['vulnerable', 'fixed']) {
      expect(await where(directory, 'alice')).toMatchObject({
        slot: 'mobile',
        online: true,
        publicAddress: '192.0.2.5',
      });
    }
    const sightings = (await watched)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The clock stands at 07:41 while she moves: that is the lab time of her new address.
    expect(sightings).toContainEqual(
      expect.objectContaining({ publicAddress: '192.0.2.5', online: true, labTime: 'day 1, 07:41' }),
    );
  });

  it('changes the speed and resumes in one request; the history converts times on both sides', async () => {
    const before = Date.now();
    const state = await change({ speed: 3600, paused: false });
    expect(state).toMatchObject({ paused: false, speed: 3600 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = (await api('/clock')).body as ClockState;
    // Half a real second at 3600× is 30 lab minutes (give or take the requests' own time).
    expect(now.labMinutes - state.labMinutes).toBeGreaterThan(25);
    expect(now.labMinutes - state.labMinutes).toBeLessThan(40);
    // A time before the change still converts to the paused 07:41.
    expect(Math.floor(labMinutesFromSegments(now.segments, before))).toBe(7 * 60 + 41);
    await change({ speed: 60 });
  });

  it('is driven from the command line too (npm run lab -- clock …), as JSON lines with --json', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await new ClockCommand().run(['jump', 'day 2 09:00'], { lab: lab.server.url, json: true });
      await new ClockCommand().run(['pause'], { lab: lab.server.url, json: true });
    } finally {
      write.mockRestore();
    }
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ labTime: 'day 2, 09:00', paused: false }),
      expect.objectContaining({ paused: true }),
    ]);
    await expect(new ClockCommand().run(['jump', '25:00'], { lab: lab.server.url })).rejects.toThrow(
      /not a lab time such as 07:40/,
    );
    await change({ paused: false });
  });

  it('refuses a jump into the past, a bad time and a bad speed with a clear 4xx, changing nothing', async () => {
    const before = (await api('/clock')).body as ClockState;
    const past = await api('/clock', { jumpTo: 'day 1 06:00', paused: true });
    expect(past).toMatchObject({
      status: 422,
      body: { code: 'clock_change_refused', message: expect.stringMatching(/only moves forward/) },
    });
    const badTime = await api('/clock', { jumpTo: 'noon' });
    expect(badTime).toMatchObject({ status: 422, body: { code: 'clock_change_refused' } });
    for (const body of [
      { speed: 0 },
      { speed: 100_000 },
      { speed: '60' },
      { paused: 'yes' },
      { rewind: true },
    ]) {
      expect(await api('/clock', body)).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    }
    const after = (await api('/clock')).body as ClockState;
    // Nothing changed: not paused by the refused request, same history.
    expect(after.paused).toBe(false);
    expect(after.segments).toEqual(before.segments);
  });
});
