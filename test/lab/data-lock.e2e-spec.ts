import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { DataDirLocked, LOCK_FILE, RunningLab, startLab } from '@lab/lab';
import { sleep, tempDir, testLabOptions } from '../support/lab-harness';

// One lab per data folder: a second `npm start` on the same data/ refuses instead of sharing the
// SQLite files behind the first one's back.

const optionsFor = (dataDir: string) => testLabOptions(dataDir);

describe('one lab per data folder', () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const running: RunningLab[] = [];
  afterAll(async () => {
    for (const lab of running) await lab.stop().catch(() => undefined);
    dir.remove();
  });

  it('refuses a second lab on the same data folder, and lets one start once the first stopped', async () => {
    const first = await startLab(optionsFor(dataDir));
    running.push(first);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect((await fetch(`${first.server.url}/status`)).status).toBe(200);

    const second = startLab(optionsFor(dataDir));
    await expect(second).rejects.toThrow(DataDirLocked);
    await expect(second).rejects.toThrow(
      `another lab (pid ${process.pid}) is running on ${dataDir}/: two labs on one data folder would share`,
    );
    // The refused lab left the first one alone: its lock, its databases, its API.
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect((await fetch(`${first.server.url}/status`)).status).toBe(200);

    // Positive control: another data folder starts beside it.
    const elsewhere = await startLab(optionsFor(join(dir.path, 'other-data')));
    running.push(elsewhere);
    await elsewhere.stop();

    await first.stop();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const third = await startLab(optionsFor(dataDir));
    running.push(third);
    expect((await fetch(`${third.server.url}/status`)).status).toBe(200);
    expect(readdirSync(dataDir)).toEqual(
      expect.arrayContaining(['directory-fixed.sqlite', 'directory-vulnerable.sqlite', LOCK_FILE]),
    );
    await third.stop();
  }, 60_000);

  it('takes over the lock of a lab that died without removing it', async () => {
    const staleDir = join(dir.path, 'stale');
    // A real process that has exited: its pid is free, as a killed lab's would be.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']);
    expect(dead.status).toBe(0);
    mkdirSync(staleDir);
    writeFileSync(join(staleDir, LOCK_FILE), `${dead.pid}\n`);
    expect(() => process.kill(dead.pid!, 0)).toThrow(); // it is gone

    const lab = await startLab(optionsFor(staleDir));
    running.push(lab);
    expect(readFileSync(join(staleDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await lab.stop();
  }, 60_000);

  it('stops every part it started when one fails, even parts still starting then, and frees the folder', async () => {
    const listening = () =>
      process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;
    // A closed server leaves the list a moment later: read it once it holds still.
    const settledListening = async () => {
      for (let last = -1; ; await sleep(300)) {
        const now = listening();
        if (now === last) return now;
        last = now;
      }
    };
    const before = await settledListening();
    // Positive control: a running lab holds its listening sockets (API, relay, ISPs, directories).
    const lab = await startLab(optionsFor(join(dir.path, 'control')));
    running.push(lab);
    expect(listening()).toBeGreaterThanOrEqual(before + 6);
    await lab.stop();
    expect(await settledListening()).toBe(before);

    // The fixed ISP's port is taken: it fails at once, while the directories still sign up their
    // populations (the slow part), and those must not come up behind the error.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const failedDir = join(dir.path, 'failed');
    try {
      await expect(
        startLab(
          // The real hash cost: the populations are still signing up when the ISP fails.
          testLabOptions(failedDir, { LAB_ISP_FIXED_PORT: String(port), DIRECTORY_SCRYPT_COST: '16384' }),
        ),
      ).rejects.toThrow(/EADDRINUSE/);
      await sleep(1500); // time enough for a directory left starting to come up
      expect(await settledListening()).toBe(before + 1); // the port taken above, nothing of the lab's
      expect(existsSync(join(failedDir, LOCK_FILE))).toBe(false);
    } finally {
      taken.close();
    }
    const again = await startLab(optionsFor(failedDir));
    running.push(again);
    await again.stop();
  }, 60_000);
});
