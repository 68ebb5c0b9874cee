import { join } from 'node:path';
import { loadPlan } from '@lab/address-plan';
import { LabClock, Population } from '@lab/peers';
import { eventually, startTestDirectory, tempDir } from '../support/lab-harness';

// A directory that goes away and comes back (a restart, a crash, a container killed): the
// population logs in again by itself, with the accounts the directory kept.

describe('the population across a directory restart', () => {
  it('goes offline with the directory and comes back online when it is back', async () => {
    const plan = loadPlan();
    const dir = tempDir();
    const database = join(dir.path, 'directory.sqlite');
    let directory = await startTestDirectory([], { database });
    const port = Number(new URL(directory.url).port);
    // 08:10, real time: carol is at home for hours.
    const population = await Population.start({
      directoryUrl: directory.url,
      plan,
      clock: new LabClock(8 * 60 + 10, 1),
      personas: [plan.persona('carol')!],
      tickMs: 50,
    });
    const carol = () => population.status()[0];
    try {
      expect(carol()).toMatchObject({ slot: 'home', online: true });

      await directory.close();
      await eventually(async () => expect(carol().online).toBe(false), 5000);

      directory = await startTestDirectory([], { database, port });
      await eventually(async () => expect(carol()).toMatchObject({ slot: 'home', online: true }), 10_000);
    } finally {
      await population.stop();
      await directory.close();
      dir.remove();
    }
  });
});
