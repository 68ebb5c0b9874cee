import { labMinutesFromSegments } from '@lab/protocol';
import { ClockError, LabClock, MAX_CLOCK_SEGMENTS, parseLabTime } from './lab-clock';

const T0 = 1_800_000_000_000; // a fixed real time, so nothing here depends on the machine's clock
const realMinutes = (n: number) => T0 + n * 60_000;

describe('LabClock', () => {
  it('runs from its start minute at its speed', () => {
    const clock = new LabClock(6 * 60, 60, T0);
    expect(clock.minutes(T0)).toBe(360);
    expect(clock.minutes(realMinutes(1))).toBe(420); // one real minute is a lab hour at 60×
    expect(clock.describe(realMinutes(1))).toBe('day 1, 07:00');
    expect(clock.describe(realMinutes(24))).toBe('day 2, 06:00');
  });

  it('stands still while paused and goes on from there when resumed', () => {
    const clock = new LabClock(360, 60, T0);
    clock.pause(realMinutes(1));
    expect(clock.paused).toBe(true);
    expect(clock.minutes(realMinutes(5))).toBe(420);
    clock.resume(realMinutes(5));
    expect(clock.paused).toBe(false);
    expect(clock.minutes(realMinutes(6))).toBe(480);
  });

  it('keeps its history, so earlier real times still convert to the lab time they had', () => {
    const clock = new LabClock(360, 60, T0);
    clock.setSpeed(3600, realMinutes(1)); // 07:00, then an hour per real second
    clock.pause(realMinutes(1) + 10_000); // 17:00
    clock.resume(realMinutes(3));
    clock.jumpTo(2 * 1440, realMinutes(3)); // day 3, 00:00
    expect(clock.minutes(realMinutes(0.5))).toBe(390);
    expect(clock.minutes(realMinutes(1) + 5_000)).toBe(420 + 300);
    expect(clock.minutes(realMinutes(2))).toBe(17 * 60);
    expect(clock.minutes(realMinutes(3) + 1_000)).toBe(2 * 1440 + 60);
    const { segments } = clock.state(realMinutes(4));
    for (const at of [realMinutes(0.5), realMinutes(1) + 5_000, realMinutes(2), realMinutes(3) + 1_000]) {
      expect(labMinutesFromSegments(segments, at)).toBe(clock.minutes(at));
    }
  });

  it('changes speed without a jump, and remembers the speed while paused', () => {
    const clock = new LabClock(0, 60, T0);
    clock.pause(realMinutes(1));
    clock.setSpeed(120, realMinutes(2));
    expect(clock.minutes(realMinutes(3))).toBe(60);
    expect(clock.speed).toBe(120);
    clock.resume(realMinutes(3));
    expect(clock.minutes(realMinutes(4))).toBe(180);
  });

  it('refuses a jump into the past and a speed out of range, changing nothing', () => {
    const clock = new LabClock(600, 60, T0);
    expect(() => clock.jumpTo(599, T0)).toThrow(ClockError);
    expect(() => clock.jumpTo(Number.NaN, T0)).toThrow(/only moves forward/);
    for (const speed of [0, -1, 0.5, 86_401, Number.POSITIVE_INFINITY]) {
      expect(() => clock.setSpeed(speed, T0)).toThrow(/clock speed is 1 to 86400/);
    }
    expect(() => new LabClock(0, 0)).toThrow(ClockError);
    expect(clock.state(T0).segments).toHaveLength(1);
    expect(clock.speed).toBe(60);
  });

  it('keeps a bounded history', () => {
    const clock = new LabClock(0, 60, T0);
    for (let i = 1; i <= MAX_CLOCK_SEGMENTS + 10; i++) clock.jumpTo(i, T0);
    const { segments } = clock.state(T0);
    expect(segments).toHaveLength(MAX_CLOCK_SEGMENTS);
    expect(segments.at(-1)!.labMinutes).toBe(MAX_CLOCK_SEGMENTS + 10);
  });
});

describe('parseLabTime', () => {
  it('reads "HH:MM" as the next time the clock shows it', () => {
    expect(parseLabTime('07:40', 6 * 60)).toBe(7 * 60 + 40);
    expect(parseLabTime('05:00', 6 * 60)).toBe(1440 + 5 * 60);
    expect(parseLabTime('06:00', 6 * 60)).toBe(6 * 60);
    expect(parseLabTime('7:05', 1440 + 8 * 60)).toBe(2 * 1440 + 7 * 60 + 5);
  });

  it('reads "day N HH:MM" as exactly that', () => {
    expect(parseLabTime('day 2 07:40', 0)).toBe(1440 + 7 * 60 + 40);
    expect(parseLabTime('Day 3, 00:00', 0)).toBe(2 * 1440);
  });

  it('says what a lab time looks like when it gets something else', () => {
    for (const text of ['', '24:00', '7', '07:60', 'noon', 'day 0 07:00', 'day -1 07:00']) {
      expect(() => parseLabTime(text, 0)).toThrow(ClockError);
    }
    expect(() => parseLabTime('noon', 0)).toThrow(/such as 07:40/);
  });
});
