import { useState } from 'preact/hooks';
import { useJob } from '../jobs';
import { attacks, remember } from '../store';
import type { AttackResult, LabStatus } from '../types';
import { ErrorText, Loading, useApi } from '../ui';
import { AttackResultView } from './attack-result';

/** watch and track listen for a lab-time span; the lab bounds it (two lab days, five real minutes). */
const DEFAULT_SPAN: Record<string, number> = { watch: 60, track: 1440 };

const ATTACKS = [
  { id: 'resolve', text: 'resolve: look the user up (L1)' },
  { id: 'probe-call', text: 'probe-call: the inconspicuous call (L3)' },
  { id: 'watch', text: 'watch: subscribe to presence (L2)' },
  { id: 'track', text: 'track: a lab day of movements (L2)' },
  { id: 'sweep', text: 'sweep: enumerate usernames (L4)' },
];

export function AttackerPage() {
  const status = useApi<LabStatus>('/status');
  const [directory, setDirectory] = useState(attacks.last?.directory ?? 'vulnerable');
  const [attack, setAttack] = useState(attacks.last?.attack ?? 'resolve');
  const [target, setTarget] = useState<string | undefined>(attacks.last?.target);
  const [span, setSpan] = useState<Record<string, string>>({});
  const [job, run] = useJob<AttackResult>();

  const directories = status.data?.directories ?? [];
  const personas = directories.find((d) => d.id === directory)?.population ?? [];
  const shownTarget = target ?? personas.find((p) => p.online)?.username ?? personas[0]?.username ?? '';
  const result = job.job?.result ?? (job.job || job.running ? undefined : attacks.last);

  const submit = async (e: Event) => {
    e.preventDefault();
    const name = shownTarget.trim();
    const names = name.split(/[\s,]+/).filter(Boolean);
    const labMinutes = Number(span[attack] ?? DEFAULT_SPAN[attack]);
    const done = await run({
      kind: 'attack',
      attack,
      directory,
      // A sweep tries a list of names (the lab's own when empty); every other attack has one target.
      ...(attack === 'sweep' ? (names.length ? { options: { names } } : {}) : { target: name }),
      ...(attack in DEFAULT_SPAN ? { options: { labMinutes } } : {}),
    });
    if (done?.result) remember(done.result);
  };

  return (
    <>
      <h1 tabIndex={-1}>Attacker's view</h1>
      <p class="lede">
        What a stranger learns from the directory with nothing but a username: run an attack, see the
        addresses, what the registry says about them, and what came over the wire.
      </p>
      <ErrorText error={status.error} />
      <form class="attack-form" onSubmit={submit}>
        <div class="field">
          <label for="directory">Directory</label>
          <select id="directory" value={directory} onChange={(e) => setDirectory(e.currentTarget.value)}>
            {directories.length ? null : <option value={directory}>{directory}</option>}
            {directories.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}
                {d.profile
                  ? ` (${d.profile})`
                  : d.mitigations.length
                    ? ` (${d.mitigations.join(', ')})`
                    : ' (no mitigations)'}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="attack">Attack</label>
          <select id="attack" value={attack} onChange={(e) => setAttack(e.currentTarget.value)}>
            {ATTACKS.map((a) => (
              <option key={a.id} value={a.id}>
                {a.text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="target">Target</label>
          <input
            id="target"
            list="personas"
            value={shownTarget}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="target-help"
            onInput={(e) => setTarget(e.currentTarget.value)}
          />
          <datalist id="personas">
            {personas.map((p) => (
              <option key={p.username} value={p.username} />
            ))}
          </datalist>
          <small id="target-help">
            {attack === 'sweep'
              ? 'Usernames, separated by spaces; empty tries the lab’s list.'
              : 'A username.'}
          </small>
        </div>
        {attack in DEFAULT_SPAN ? (
          <div class="field">
            <label for="span">Lab minutes</label>
            <input
              id="span"
              type="number"
              min={1}
              max={2880}
              size={6}
              value={span[attack] ?? String(DEFAULT_SPAN[attack])}
              aria-describedby="span-help"
              onInput={(e) => setSpan({ ...span, [attack]: e.currentTarget.value })}
            />
            <small id="span-help">How long to listen; at 60× a lab hour is a real minute.</small>
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={job.running}>
          Run
        </button>
      </form>
      {/* Always in the page, only its text changes: a live region added with its text is often not read. */}
      <p class="muted" role="status">
        {job.running
          ? `Running ${attack}${job.job?.progress?.total ? ` (${job.job.progress.done} of ${job.job.progress.total})` : ''}…`
          : ''}
      </p>
      <ErrorText error={job.error} />
      {status.loading && !status.data ? <Loading what="the lab's directories" /> : null}
      {result ? <AttackResultView result={result} /> : null}
    </>
  );
}
