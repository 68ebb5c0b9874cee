import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { useLabEvents } from './events';
import { labTime } from './format';
import type { ClockState } from './types';

const SPEEDS = [1, 10, 60, 600, 3600, 86400];

interface Reading extends ClockState {
  /** performance.now() when the lab gave this reading: the shown time runs on from it. */
  at: number;
}

/** The lab clock in the header: time, pause or resume, jump ahead, speed. */
export function LabClock() {
  const [clock, setClock] = useState<Reading | undefined>(undefined);
  const [, setTick] = useState(0);
  const [jumpTo, setJumpTo] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  /** The speed chosen in the select and not yet set; undefined shows the lab's own. */
  const [speed, setSpeed] = useState<number | undefined>(undefined);

  const read = (state: ClockState) => setClock({ ...state, at: performance.now() });
  const load = () =>
    api<ClockState>('/clock').then(
      (state) => {
        read(state);
        setError(undefined);
      },
      (e: unknown) => setError(errorMessage(e)),
    );

  useEffect(() => {
    void load();
    // The WebSocket sends the clock every few seconds; this covers a page whose socket is down.
    const poll = setInterval(load, 15_000);
    const tick = setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, []);
  useLabEvents((event) => {
    if (event.type === 'clock' || event.type === 'hello') {
      setClock((c) =>
        event.type === 'clock'
          ? { ...event, at: performance.now() }
          : c && { ...c, labMinutes: event.labMinutes, labTime: event.labTime, at: performance.now() },
      );
    }
  });

  const change = async (body: { paused?: boolean; speed?: number; jumpTo?: string }) => {
    setBusy(true);
    try {
      read(await api<ClockState>('/clock', { method: 'POST', body }));
      if (body.speed !== undefined) setSpeed(undefined);
      setError(undefined);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const minutes = clock
    ? clock.paused
      ? clock.labMinutes
      : clock.labMinutes + ((performance.now() - clock.at) / 60_000) * clock.speed
    : undefined;
  const speeds =
    clock && !SPEEDS.includes(clock.speed) ? [...SPEEDS, clock.speed].sort((a, b) => a - b) : SPEEDS;

  return (
    <section class="clock" aria-label="Lab clock">
      <p class="clock-time">
        <span class="visually-hidden">Lab time </span>
        <span data-testid="lab-time">{minutes === undefined ? '…' : labTime(minutes)}</span>
        {clock?.paused ? <span class="badge">paused</span> : null}
      </p>
      <button type="button" disabled={!clock || busy} onClick={() => change({ paused: !clock?.paused })}>
        {clock?.paused ? 'Resume' : 'Pause'}
      </button>
      <form
        class="jump"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await change({ jumpTo: jumpTo.trim() })) setJumpTo('');
        }}
      >
        <label for="jump-to">Jump to</label>
        <input
          id="jump-to"
          value={jumpTo}
          placeholder="07:40"
          size={10}
          required
          onInput={(e) => setJumpTo(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Jump
        </button>
      </form>
      {/* A form with its own button, not a change handler: arrow keys on a closed select fire
          "change" in Chromium, and each step would move every participant's clock. */}
      <form
        class="speed"
        onSubmit={(e) => {
          e.preventDefault();
          if (speed !== undefined) void change({ speed });
        }}
      >
        <label for="speed">Speed</label>
        <select
          id="speed"
          value={String(speed ?? clock?.speed ?? 60)}
          disabled={!clock}
          onChange={(e) => setSpeed(Number(e.currentTarget.value))}
        >
          {speeds.map((s) => (
            <option key={s} value={String(s)}>
              {s}× {s === 60 ? '(a lab day in 24 min)' : s === 3600 ? '(a lab day in 24 s)' : ''}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!clock || busy}>
          Set speed
        </button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
