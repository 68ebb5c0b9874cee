import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLocked, LOCK_FILE, RunningLab, startLab } from '@lab/lab';
import { tempDir, testLabOptions } from '../support/lab-harness';

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
});
