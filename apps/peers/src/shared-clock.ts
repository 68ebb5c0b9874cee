import { readFileSync, writeFileSync } from 'node:fs';
import { LabClock } from './lab-clock';
import type { PeersOptions } from './config/peers.config';

interface ClockOrigin {
  /** The real time (ms) at which the clock showed `startMinute`. */
  realMs: number;
  startMinute: number;
  speed: number;
}

/**
 * The Docker world's one clock: every device and the lab API run their own LabClock, and they
 * start seconds to a minute apart (devices wait for the directories). At 60 lab seconds per real
 * second a minute apart is an hour of routine apart, so the first container to start writes the
 * clock's origin to a file on a shared volume (`wx`: only one can create it) and every container
 * runs its clock from that origin. `docker compose down -v` removes it with the volume.
 */
export function sharedClock(file: string, options: PeersOptions, now = Date.now()): LabClock {
  const mine: ClockOrigin = { realMs: now, startMinute: options.clockStartMinute, speed: options.clockSpeed };
  try {
    writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const origin = JSON.parse(readFileSync(file, 'utf8')) as ClockOrigin;
  if (![origin.realMs, origin.startMinute, origin.speed].every(Number.isFinite))
    throw new Error(`${file} does not hold a clock origin; remove it (or the volume) and start again`);
  return new LabClock(origin.startMinute, origin.speed, origin.realMs);
}
