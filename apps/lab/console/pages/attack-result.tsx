import { MovementTimeline } from '../timeline';
import type { AttackResult, Timeline } from '../types';

/** A watch without a timeline of its own still moved: draw its sightings on the same chart. */
function timelineOf(result: AttackResult): Timeline | undefined {
  if (result.timeline) return result.timeline;
  const seen = result.leaked.filter((l) => l.kind === 'public' && l.labMinutes !== undefined);
  if (result.attack !== 'watch' || seen.length < 2) return undefined;
  const network = (l: (typeof seen)[number]) => l.enrichment?.network || l.address;
  return {
    lanes: [...new Set(seen.map(network))].map((n) => ({ network: n })),
    sightings: seen.map((l) => ({ labMinutes: l.labMinutes!, network: network(l), address: l.address })),
  };
}

/** What one attack got: the leaked addresses with what RDAP says about them, the timeline, the raw answers. */
export function AttackResultView({
  result,
  compact = false,
}: {
  result: AttackResult;
  /** Beside the victim's screen: the address and where it points, without the timeline. */
  compact?: boolean;
}) {
  const H = compact ? 'h3' : 'h2';
  const timeline = compact ? undefined : timelineOf(result);
  return (
    <section class="result" aria-label={`Result of ${result.attack}`}>
      <H>
        {result.attack} {result.target ? `${result.target} ` : ''}on {result.directory}
        {result.labTime ? (
          <span class="muted">
            {' '}
            {(result.attack === 'watch' || result.attack === 'track') && result.leaked[0]?.labTime
              ? `from ${result.leaked[0].labTime} to ${result.labTime}`
              : `at ${result.labTime}`}
          </span>
        ) : null}
      </H>
      {result.refused ? (
        <p class="refused" data-testid="refused">
          The directory refused
          {result.refused.status ? ` (${result.refused.status} ${result.refused.code})` : ''}:{' '}
          {result.refused.message}
        </p>
      ) : null}
      {result.ringShown !== undefined ? (
        <p data-testid="ring-shown">
          {result.ringShown
            ? `${result.target}'s phone rang before the attacker hung up.`
            : `${result.target}'s phone never rang: the attacker hung up first.`}
        </p>
      ) : null}
      {result.sweep ? (
        <p data-testid="sweep">
          Tried {result.sweep.checked} names at {Math.round(result.sweep.lookupsPerSecond)} lookups a second;{' '}
          {result.sweep.existing.length
            ? `these exist: ${result.sweep.existing.join(', ')}`
            : 'the directory did not say which exist'}
          .
          {result.sweep.rateLimitedAt !== null
            ? ` Rate limited after ${result.sweep.rateLimitedAt} lookups.`
            : ''}
        </p>
      ) : null}
      {result.leaked.length ? (
        <div class="scroll" tabIndex={0} role="region" aria-label="Leaked addresses">
          <table class="data" data-testid="leaked">
            <caption>
              {result.leaked.length} address{result.leaked.length === 1 ? '' : 'es'} leaked
            </caption>
            <thead>
              <tr>
                {compact ? null : <th scope="col">User</th>}
                <th scope="col">Address</th>
                {compact ? null : <th scope="col">On the wire</th>}
                <th scope="col">Kind</th>
                <th scope="col">Lab time</th>
                <th scope="col">ISP</th>
                {compact ? null : <th scope="col">AS</th>}
                <th scope="col">City</th>
                {compact ? null : <th scope="col">Accuracy radius</th>}
              </tr>
            </thead>
            <tbody>
              {result.leaked.map((l, i) => (
                <tr key={i}>
                  {compact ? null : <td>{l.username}</td>}
                  <td data-testid="leaked-address" class="address">
                    {l.address}
                  </td>
                  {compact ? null : (
                    <td class="address">
                      {l.observedAddress && l.observedAddress !== l.address ? l.observedAddress : ''}
                    </td>
                  )}
                  <td>
                    {l.kind}
                    {l.port ? <span class="muted"> port {l.port}</span> : null}
                  </td>
                  <td class="nowrap">{l.labTime ?? ''}</td>
                  <td>{l.enrichment?.isp ?? '—'}</td>
                  {compact ? null : <td>{l.enrichment?.asn != null ? `AS${l.enrichment.asn}` : '—'}</td>}
                  <td>
                    {l.enrichment?.city ?? '—'}
                    {l.enrichment?.country ? `, ${l.enrichment.country}` : ''}
                    {compact && l.enrichment?.radiusKm != null ? ` (±${l.enrichment.radiusKm} km)` : ''}
                  </td>
                  {compact ? null : (
                    <td>{l.enrichment?.radiusKm != null ? `${l.enrichment.radiusKm} km` : '—'}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="nothing" data-testid="nothing-leaked">
          No address leaked.
        </p>
      )}
      {timeline ? <MovementTimeline timeline={timeline} /> : null}
      {result.raw?.length ? (
        <details class="raw">
          <summary>The raw data the attacker received ({result.raw.length})</summary>
          <pre tabIndex={0} aria-label="The raw data the attacker received">
            <code>{result.raw.map((r) => JSON.stringify(r, null, 2)).join('\n\n')}</code>
          </pre>
        </details>
      ) : null}
    </section>
  );
}
