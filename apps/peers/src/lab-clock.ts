/**
 * The lab's accelerated clock: routines run on lab time, `speed` lab seconds per real second
 * (60 by default: a lab day in 24 minutes; 3600 makes it one lab hour per second).
 */
export class LabClock {
  private readonly realStart = Date.now();

  constructor(
    /** Lab time when the clock started, in minutes after lab midnight. */
    readonly startMinute: number,
    readonly speed: number,
  ) {}

  /** Lab minutes elapsed since lab midnight of day 1. */
  minutes(realNow = Date.now()): number {
    return this.startMinute + ((realNow - this.realStart) / 60_000) * this.speed;
  }

  minuteOfDay(realNow = Date.now()): number {
    return Math.floor(this.minutes(realNow)) % (24 * 60);
  }

  /** "day 1, 07:42" */
  describe(realNow = Date.now()): string {
    const total = Math.floor(this.minutes(realNow));
    const day = Math.floor(total / (24 * 60)) + 1;
    const m = total % (24 * 60);
    return `day ${day}, ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  }

  /** Real milliseconds that `labMinutes` take. */
  realMs(labMinutes: number): number {
    return (labMinutes * 60_000) / this.speed;
  }
}
