/**
 * The lab clock as the lab API sends it (`GET /clock`): enough for any client to turn a real time
 * into lab time, across pauses, speed changes and jumps.
 */

/** From `fromRealMs` on, lab time runs from `labMinutes` at `speed` lab seconds per real second (0: paused). */
export interface ClockSegment {
  fromRealMs: number;
  labMinutes: number;
  speed: number;
}

export interface ClockState {
  /** "day 1, 07:42" */
  labTime: string;
  /** Lab minutes since lab midnight of day 1. */
  labMinutes: number;
  paused: boolean;
  /** Lab seconds per real second while running (kept while paused). */
  speed: number;
  /** The clock's changes since the lab started, oldest first (bounded). */
  segments: ClockSegment[];
}

export const MIN_CLOCK_SPEED = 1;
/**
 * A lab day per real second. The population checks its routines every 200 ms of real time, so
 * above 3600 (a lab day in 24 s) a persona may skip a stay shorter than an hour.
 */
export const MAX_CLOCK_SPEED = 86_400;

export function labMinutesInSegment(segment: ClockSegment, realMs: number): number {
  return segment.labMinutes + ((realMs - segment.fromRealMs) / 60_000) * segment.speed;
}

/** Lab minutes at a real time, from a clock's segments (oldest first). */
export function labMinutesFromSegments(segments: readonly ClockSegment[], realMs: number): number {
  if (segments.length === 0) throw new RangeError('a clock history needs at least one segment');
  let segment = segments[0];
  for (const candidate of segments) {
    if (candidate.fromRealMs <= realMs) segment = candidate;
    else break;
  }
  return labMinutesInSegment(segment, realMs);
}

/** "day 1, 07:42" */
export function describeLabMinutes(minutes: number): string {
  const total = Math.floor(minutes);
  const day = Math.floor(total / (24 * 60)) + 1;
  const m = total % (24 * 60);
  return `day ${day}, ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
