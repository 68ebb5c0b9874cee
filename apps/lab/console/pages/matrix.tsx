import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useJob } from '../jobs';
import type { Job, MatrixCell, MatrixResult } from '../types';
import { ErrorText } from '../ui';

const source = (path: string) => `#/source?path=${encodeURIComponent(path)}`;

// Kept across navigations: the matrix takes a while, the participant may look elsewhere meanwhile.
let lastMatrix: ReturnType<typeof useJob<MatrixResult>>[0] | undefined;

export function MatrixPage() {
  const [state, run, follow] = useJob<MatrixResult>(lastMatrix);
  const [profiles, setProfiles] = useState(false);
  lastMatrix = state;
  // The lab keeps its last jobs: show the newest matrix (still running, or done) after a reload.
  useEffect(() => {
    if (state.job && state.running) return follow(state.job.id);
    if (state.job) return;
    api<Job[]>('/console/api/jobs').then(
      (jobs) => {
        const newest = jobs.find((j) => j.kind === 'matrix' && j.status !== 'failed');
        // Unless the participant pressed the button meanwhile: that run is the one to show.
        if (newest && !lastMatrix?.job && !lastMatrix?.running) follow(newest.id);
      },
      () => undefined,
    );
  }, []);
  const result = state.job?.result;
  // A running matrix carries its whole grid and the cells so far; the cells pushed on the WebSocket
  // fill it in between two reads (and, from a lab without the grid, draw the part measured so far).
  const cells: MatrixCell[] = [...(result?.cells ?? [])];
  for (const c of state.cells)
    if (!cells.some((x) => x.row === c.row && x.column === c.column)) cells.push(c);
  const rows =
    result?.rows ??
    [...new Set(cells.map((c) => c.row))].map((id) => ({ id, label: id, attackFile: undefined }));
  const columns =
    result?.columns ??
    [...new Set(cells.map((c) => c.column))].map((id) => ({ id, label: id, mitigationFile: undefined }));
  const progress = state.job?.progress;
  const ofProfiles = state.job?.request?.profiles ?? profiles;
  // The column's file: the mitigation's fix, or the profile's definition.
  const fileWord = ofProfiles ? 'profile' : 'fix';

  return (
    <>
      <h1 tabIndex={-1}>Defence matrix</h1>
      <p class="lede">
        Every attack against every set of mitigations, each cell measured by running the attack against a
        directory started for it. A cell links to the attack's code and to the mitigation's file.
      </p>
      <p>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={profiles}
            disabled={state.running}
            onChange={(e) => setProfiles(e.currentTarget.checked)}
          />{' '}
          Against the protocol profiles (XMPP, SIP, Signal, WhatsApp…) instead of the mitigations
        </label>
      </p>
      <p>
        <button
          type="button"
          class="primary"
          disabled={state.running}
          onClick={() => void run(profiles ? { kind: 'matrix', profiles: true } : { kind: 'matrix' })}
        >
          Run the matrix
        </button>{' '}
        <span role="status" class="muted">
          {state.running
            ? `Measuring${progress?.total ? `: ${progress.done} of ${progress.total} cells` : '…'}`
            : ''}
        </span>
      </p>
      <ErrorText error={state.error} />
      {rows.length ? (
        <div class="scroll">
          <table class="data matrix" data-testid="matrix">
            <caption>
              Attacks (rows) against {ofProfiles ? 'protocol profiles' : 'mitigations'} (columns)
            </caption>
            <thead>
              <tr>
                <th scope="col">Attack</th>
                {columns.map((c) => (
                  <th key={c.id} scope="col">
                    {c.mitigationFile ? <a href={source(c.mitigationFile)}>{c.label}</a> : c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.attackFile ? <a href={source(r.attackFile)}>{r.label}</a> : r.label}</th>
                  {columns.map((c) => {
                    const cell = cells.find((x) => x.row === r.id && x.column === c.id);
                    return (
                      <td
                        key={c.id}
                        data-cell={`${r.id}:${c.id}`}
                        data-verdict={cell?.verdict ?? 'pending'}
                        class={`verdict-${cell?.verdict ?? 'pending'}`}
                      >
                        {cell ? (
                          <>
                            {r.attackFile ? (
                              <a
                                href={source(r.attackFile)}
                                aria-label={`${cell.verdict}: ${r.label} against ${c.label}; the attack's code`}
                              >
                                {cell.verdict}
                              </a>
                            ) : (
                              cell.verdict
                            )}
                            {c.mitigationFile ? (
                              <>
                                {' '}
                                <a
                                  class="fix-link"
                                  href={source(c.mitigationFile)}
                                  aria-label={`${fileWord}: ${c.label}, the ${ofProfiles ? 'profile' : 'mitigation'}'s file`}
                                >
                                  {fileWord}
                                </a>
                              </>
                            ) : null}
                            {cell.leaked?.length ? (
                              <div class="address small">{cell.leaked.join(' ')}</div>
                            ) : null}
                          </>
                        ) : (
                          <span class="muted">…</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : state.running ? null : (
        <p class="muted">
          Not run yet in this lab: press the button, the cells fill in as each one is measured.
        </p>
      )}
    </>
  );
}
