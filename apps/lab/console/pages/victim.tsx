import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useJob } from '../jobs';
import { attacks, remember } from '../store';
import { labTime } from '../format';
import type { AttackResult, ClockSegment, Job, LabStatus } from '../types';
import { ErrorText, useApi } from '../ui';
import { AttackResultView } from './attack-result';

interface Seen {
  username: string;
  seen: { at: string; kind: string; from: string; callId?: string }[];
  isp: unknown[];
}

const KIND_TEXT: Record<string, string> = {
  ring: 'Ring',
  'missed-call': 'Missed call',
  'call-answered': 'Call answered',
  'call-rejected': 'Call rejected',
  'contact-request': 'Contact request',
  'contact-accepted': 'Contact accepted',
};

/** A real time as lab time, through the clock's history (pauses, speed changes and jumps). */
function atLabTime(segments: ClockSegment[] | undefined, at: string): string {
  const realMs = Date.parse(at);
  const segment = segments?.filter((s) => s.fromRealMs <= realMs).at(-1) ?? segments?.[0];
  if (!segment) return new Date(realMs).toLocaleTimeString();
  return labTime(segment.labMinutes + ((realMs - segment.fromRealMs) / 60_000) * segment.speed);
}

/** A ring lasts a few real seconds after the call that caused it: the moment includes them. */
const RING_AFTER_MS = 10_000;

/**
 * What the victim's screen showed while the attack ran: the same moment, side by side. Only for an
 * attack the lab's job list knows the times of.
 */
function SameMoment({ name, job, seen }: { name: string; job: Job<AttackResult>; seen: Seen['seen'] }) {
  if (!job.result || !job.startedAt || !job.finishedAt) return null;
  const from = Date.parse(job.startedAt);
  const to = Date.parse(job.finishedAt) + RING_AFTER_MS;
  const meanwhile = seen.filter((s) => Date.parse(s.at) >= from && Date.parse(s.at) <= to);
  const addresses = [...new Set(job.result.leaked.map((l) => l.address))];
  const when = job.result.labTime ? ` at ${job.result.labTime}` : '';
  const got = addresses.length ? addresses.join(', ') : 'no address';
  const shown = meanwhile.length
    ? meanwhile.map((s) => KIND_TEXT[s.kind]?.toLowerCase() ?? s.kind).join(', ')
    : 'nothing';
  return (
    <p class="same-moment" data-testid="same-moment">
      <strong>The same moment:</strong>{' '}
      {`while the attacker's ${job.result.attack} ran${when}, it received ${got}; ${name}'s screen showed ${shown}.`}
    </p>
  );
}

export function VictimPage() {
  const status = useApi<LabStatus>('/status');
  const [directory, setDirectory] = useState(attacks.last?.directory ?? 'vulnerable');
  const [persona, setPersona] = useState<string | undefined>(attacks.last?.target);
  const directories = status.data?.directories ?? [];
  const personas = directories.find((d) => d.id === directory)?.population ?? [];
  const name = persona ?? personas[0]?.username;
  const clock = useApi<{ segments: ClockSegment[] }>('/clock');
  const seen = useApi<Seen>(
    name ? `/directories/${encodeURIComponent(directory)}/seen/${encodeURIComponent(name)}` : undefined,
  );
  const [probe, run] = useJob<AttackResult>();
  const [received, setReceived] = useState<AttackResult | undefined>(undefined);
  const [receivedJob, setReceivedJob] = useState<Job<AttackResult> | undefined>(undefined);

  // The lab keeps its last jobs: the newest attack on this persona, from this page or any other.
  useEffect(() => {
    if (!name) return;
    let live = true;
    setReceived(undefined);
    setReceivedJob(undefined);
    const fromThisPage = attacks.byTarget.get(`${directory}/${name}`);
    (async () => {
      try {
        const jobs =
          await api<(Job & { request?: { directory?: string; target?: string } })[]>('/console/api/jobs');
        const last = jobs.find(
          (j) =>
            j.kind === 'attack' &&
            j.status === 'done' &&
            j.request?.directory === directory &&
            j.request.target === name,
        );
        if (last) {
          const job = await api<Job<AttackResult>>(`/console/api/jobs/${encodeURIComponent(last.id)}`);
          if (live) {
            setReceived(job.result);
            setReceivedJob(job);
          }
          return;
        }
      } catch {
        // The lab's list is a convenience: fall back to what this page ran.
      }
      if (live) setReceived(fromThisPage);
    })();
    return () => void (live = false);
  }, [directory, name, probe.job?.status]);

  // The victim's screen changes on its own (calls come in while the clock runs).
  useEffect(() => {
    const timer = setInterval(() => {
      seen.reload();
      clock.reload();
    }, 5000);
    return () => clearInterval(timer);
  }, [directory, name]);

  const probeCall = async () => {
    const job = await run({ kind: 'attack', attack: 'probe-call', directory, target: name });
    if (job?.result) remember(job.result);
    seen.reload();
  };

  return (
    <>
      <h1 tabIndex={-1}>Victim's view</h1>
      <p class="lede">
        What each persona's screen showed, beside what the attacker received about them. An inconspicuous call
        leaks the address before the phone rings, so the screen stays empty.
      </p>
      <ErrorText error={status.error} />
      <form class="attack-form" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="victim-directory">Directory</label>
          <select
            id="victim-directory"
            value={directory}
            onChange={(e) => setDirectory(e.currentTarget.value)}
          >
            {directories.length ? null : <option value={directory}>{directory}</option>}
            {directories.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="persona">Persona</label>
          <select id="persona" value={name ?? ''} onChange={(e) => setPersona(e.currentTarget.value)}>
            {personas.map((p) => (
              <option key={p.username} value={p.username}>
                {p.username} ({p.online ? `online, ${p.slot}` : 'offline'})
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={!name || probe.running} onClick={probeCall}>
          Probe-call {name ?? 'the persona'} now
        </button>
      </form>
      <ErrorText error={probe.error} />
      <p class="muted" role="status">
        {probe.running ? `Calling ${name} and hanging up before the ring…` : ''}
      </p>
      <div class="side-by-side">
        <section aria-labelledby="victim-seen-heading">
          <h2 id="victim-seen-heading">What {name ?? 'the persona'}'s screen showed</h2>
          <div data-testid="victim-seen">
            <ErrorText error={seen.error} />
            {seen.data ? (
              seen.data.seen.length ? (
                <ul class="seen">
                  {seen.data.seen.map((s, i) => (
                    <li key={i}>
                      <strong>{KIND_TEXT[s.kind] ?? s.kind}</strong> from {s.from}{' '}
                      <span class="muted">at {atLabTime(clock.data?.segments, s.at)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="nothing">Nothing: no ring, no missed call</p>
              )
            ) : null}
          </div>
        </section>
        <section aria-labelledby="attacker-received-heading">
          <h2 id="attacker-received-heading">What the attacker received</h2>
          <div data-testid="attacker-received">
            {received ? (
              <AttackResultView result={received} compact />
            ) : (
              <p class="muted">
                No attack on {name ?? 'this persona'} in this lab yet: probe-call them above, or run an attack
                on the <a href="#/attack">Attacker</a> page.
              </p>
            )}
          </div>
        </section>
      </div>
      {name && receivedJob && seen.data ? (
        <SameMoment name={name} job={receivedJob} seen={seen.data.seen} />
      ) : null}
    </>
  );
}
