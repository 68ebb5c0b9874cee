import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'lab.lock';

/** A second lab on a data folder another running lab holds. */
export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `another lab (pid ${pid}) is running on ${dataDir}/: two labs on one data folder would share ` +
        `its databases behind each other's back. Stop that lab, or start this one with another ` +
        `LAB_DATA_DIR (and other LAB_* ports). If no lab runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirLocked';
  }
}

/**
 * One lab per data folder: `<dataDir>/lab.lock` holds the pid of the lab using it. A lock whose
 * process is gone (the lab was killed) is stale and taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx'); // atomic: exactly one of two labs starting at once creates it
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder !== null && isAlive(holder)) throw new DataDirLocked(dataDir, holder);
      // Stale (or half-written by a lab that died at once): remove it and try again.
      try {
        unlinkSync(file);
      } catch (removal) {
        if ((removal as NodeJS.ErrnoException).code !== 'ENOENT') throw removal;
      }
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Only our own lock: a lab that took over a lock we thought stale keeps its own.
      if (readHolder(file) === process.pid) unlinkSync(file);
    };
  }
  throw new Error(`could not take the lock ${file}: it keeps reappearing`);
}

function readHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
