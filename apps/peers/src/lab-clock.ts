import {
  ClockSegment,
  ClockState,
  MAX_CLOCK_SPEED,
  MIN_CLOCK_SPEED,
  describeLabMinutes,
  labMinutesFromSegments,
} from '@lab/protocol';

export const MAX_CLOCK_SEGMENTS = 1000;

export class ClockError extends Error {}

/**
 * The lab's clock: routines run on lab time, `speed` lab seconds per real second (60 by default: a
 * lab day in 24 minutes; 3600 makes it one lab hour per second). A workshop can pause it, resume
 * it, change its speed or jump ahead, so nobody waits real minutes for a persona to move.
 *
 * Lab time never runs backwards: observations, leases and timelines are recorded in real time and
 * converted with the clock's history, which a jump back would make ambiguous.
 */
export class LabClock {
  private readonly history: ClockSegment[];
  private runningSpeed: number;

  constructor(
    /** Lab time when the clock started, in minutes after lab midnight. */
    readonly startMinute: number,
    speed: number,
    realNow = Date.now(),
  ) {
    checkSpeed(speed);
    this.runningSpeed = speed;
    this.history = [{ fromRealMs: realNow, labMinutes: startMinute, speed }];
  }

  /** Lab seconds per real second while running. */
  get speed(): number {
    return this.runningSpeed;
  }

  get paused(): boolean {
    return this.current.speed === 0;
  }

  /** Lab minutes elapsed since lab midnight of day 1, at a real time (now by default, or earlier). */
  minutes(realNow = Date.now()): number {
    return labMinutesFromSegments(this.history, realNow);
  }

  minuteOfDay(realNow = Date.now()): number {
    return Math.floor(this.minutes(realNow)) % (24 * 60);
  }

  /** "day 1, 07:42" */
  describe(realNow = Date.now()): string {
    return describeLabMinutes(this.minutes(realNow));
  }

  /** Real milliseconds that `labMinutes` take at the current speed. */
  realMs(labMinutes: number): number {
    return (labMinutes * 60_000) / this.runningSpeed;
  }

  pause(realNow = Date.now()): void {
    if (!this.paused) this.change(realNow, this.minutes(realNow), 0);
  }

  resume(realNow = Date.now()): void {
    if (this.paused) this.change(realNow, this.minutes(realNow), this.runningSpeed);
  }

  setSpeed(speed: number, realNow = Date.now()): void {
    checkSpeed(speed);
    this.runningSpeed = speed;
    if (!this.paused) this.change(realNow, this.minutes(realNow), speed);
  }

  /** Moves the clock forward to `labMinutes` (never back; see the class comment). */
  jumpTo(labMinutes: number, realNow = Date.now()): void {
    this.checkJump(labMinutes, realNow);
    this.change(realNow, labMinutes, this.current.speed);
  }

  /** Throws the ClockError that jumpTo would throw, changing nothing. */
  checkJump(labMinutes: number, realNow = Date.now()): void {
    const now = this.minutes(realNow);
    if (!Number.isFinite(labMinutes) || labMinutes < now) {
      throw new ClockError(
        `the lab clock only moves forward: it is ${describeLabMinutes(now)}, so ${describeLabMinutes(Math.max(0, labMinutes))} has passed`,
      );
    }
  }

  state(realNow = Date.now()): ClockState {
    const labMinutes = this.minutes(realNow);
    return {
      labTime: describeLabMinutes(labMinutes),
      labMinutes,
      paused: this.paused,
      speed: this.runningSpeed,
      segments: this.history.map((s) => ({ ...s })),
    };
  }

  private get current(): ClockSegment {
    return this.history[this.history.length - 1];
  }

  private change(realNow: number, labMinutes: number, speed: number) {
    this.history.push({ fromRealMs: realNow, labMinutes, speed });
    // The oldest changes matter only to timelines that old; keep the history bounded.
    if (this.history.length > MAX_CLOCK_SEGMENTS)
      this.history.splice(0, this.history.length - MAX_CLOCK_SEGMENTS);
  }
}

/**
 * Reads a lab time to jump to: "07:40" is the next time the clock shows 07:40 (today or tomorrow),
 * "day 2 07:40" (or "day 2, 07:40") is exactly that.
 */
export function parseLabTime(text: string, nowMinutes: number): number {
  const match = /^\s*(?:day\s+(\d{1,3}),?\s+)?([01]?\d|2[0-3]):([0-5]\d)\s*$/i.exec(text);
  if (!match) {
    throw new ClockError(`"${text}" is not a lab time such as 07:40 or "day 2 07:40"`);
  }
  const minuteOfDay = Number(match[2]) * 60 + Number(match[3]);
  if (match[1] !== undefined) {
    const day = Number(match[1]);
    if (day < 1) throw new ClockError(`"${text}": lab days count from day 1`);
    return (day - 1) * 1440 + minuteOfDay;
  }
  const today = Math.floor(nowMinutes / 1440) * 1440 + minuteOfDay;
  return today >= nowMinutes ? today : today + 1440;
}

function checkSpeed(speed: number) {
  if (!Number.isFinite(speed) || speed < MIN_CLOCK_SPEED || speed > MAX_CLOCK_SPEED) {
    throw new ClockError(
      `a clock speed is ${MIN_CLOCK_SPEED} to ${MAX_CLOCK_SPEED} lab seconds per real second (60: a lab day in 24 minutes; 3600: in 24 seconds)`,
    );
  }
}
