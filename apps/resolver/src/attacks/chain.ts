import type { AttackerCache } from '../cache/attacker-cache';
import type { Attacker } from './attacker';
import { HouseholdOnFile, PretextResult, pretextEmergency, pretextKnownFacts } from './desk';
import { enrich } from './enrich';
import { resolveUser } from './resolve';

/** One hop of the chain: what went in, what came out, and what stopped it if something did. */
export interface ChainHop {
  hop: 'directory' | 'cache' | 'registry' | 'desk' | 'household';
  from: string;
  to: string | null;
  how: string;
  /** The mitigation that stopped this hop, by id and name; null when it went through. */
  stoppedBy: string | null;
  /** What the support desk said last (desk hops). */
  said?: string;
}

export interface ChainResult {
  username: string;
  hops: ChainHop[];
  /** The front door, when the chain got there. */
  household: HouseholdOnFile | null;
  /** Every mitigation that stopped a hop, in order. */
  stoppedBy: string[];
}

/** What a directory mitigation is called in the chain's output (the lab's names, docs/mitigations.md). */
const DIRECTORY_FIXES: Record<string, string> = {
  M1: 'M1 data minimisation',
  M2: 'M2 contact-gated presence',
  M5: 'M5 enumeration resistance',
  M6: 'M6 retention and log hygiene',
};

/** Why the directory gave no address, in the terms of the mitigations it runs. */
function directoryStop(answer: string, mitigations: readonly string[]): string {
  const first = (candidates: string[]) => candidates.find((m) => mitigations.includes(m));
  const id =
    answer === 'rate_limited'
      ? first(['M5'])
      : answer === 'user_not_found'
        ? first(['M2', 'M5'])
        : first(['M1', 'M6']);
  if (id) return DIRECTORY_FIXES[id];
  return answer === 'user_not_found' ? 'no such user (a typo, not a fix)' : `no address (${answer})`;
}

const fix = (result: PretextResult) =>
  result.stoppedBy ? `${result.stoppedBy.id} ${result.stoppedBy.name}` : null;

/**
 * The 2012 warning as one command: username → address (the directory) → ISP and town (RDAP) →
 * the ISP's support desk, pretexted → a household. When the directory hides the address, the
 * attacker's own cache may still hold one an earlier command resolved [@SkypeResolverSites]: the
 * chain says so and goes on from there, so every defence on the way shows.
 */
export async function chain(
  attacker: Attacker,
  registry: string,
  username: string,
  cache?: AttackerCache,
  directory = 'the directory',
): Promise<ChainResult> {
  const hops: ChainHop[] = [];
  const stoppedBy: string[] = [];
  const done = (household: HouseholdOnFile | null = null): ChainResult => ({
    username,
    hops,
    household,
    stoppedBy,
  });

  // Hop 1: the username becomes an address.
  const resolved = await resolveUser(attacker, username);
  let address = resolved.publicAddress;
  let at = resolved.observedAt ?? new Date().toISOString();
  if (resolved.leaked && address) {
    cache?.record(resolved, directory, 'chain');
    hops.push({
      hop: 'directory',
      from: username,
      to: address,
      how: `profile lookup (L1), seen ${at}`,
      stoppedBy: null,
    });
  } else {
    const why = directoryStop(resolved.answer, await attacker.directoryMitigations());
    stoppedBy.push(why);
    hops.push({
      hop: 'directory',
      from: username,
      to: null,
      how: `profile lookup answered ${resolved.answer}`,
      stoppedBy: why,
    });
    const cached = cache?.latest(username);
    if (!cached) return done();
    address = cached.publicAddress;
    at = cached.seenAt;
    hops.push({
      hop: 'cache',
      from: username,
      to: address,
      how: `the attacker's cache (${cached.via}, ${cached.directory})`,
      stoppedBy: null,
    });
  }

  // Hop 2: the address becomes an ISP and a town (public, by design: RDAP).
  const rdap = await enrich(registry, address);
  if (!rdap.found || !rdap.ispId) {
    hops.push({ hop: 'registry', from: address, to: null, how: 'RDAP: not a lab address', stoppedBy: null });
    return done();
  }
  hops.push({
    hop: 'registry',
    from: address,
    to: `${rdap.isp} (${rdap.ispId}), ${rdap.city ?? 'no city on record'}`,
    how: 'RDAP lookup (public)',
    stoppedBy: null,
  });

  // Hop 3: the ISP's support desk, pretexted: first "I'm the account holder" with the facts the
  // leak and RDAP gave (P1), then an emergency (P3).
  const line = { ispId: rdap.ispId, address, at };
  for (const attempt of [
    () => pretextKnownFacts(registry, line, rdap.city ?? ''),
    () => pretextEmergency(registry, line),
  ]) {
    const result = await attempt();
    const label = result.pretext === 'known-facts' ? 'P1 known facts' : 'P3 emergency';
    const stopped = fix(result);
    if (stopped) stoppedBy.push(stopped);
    if (result.household) {
      const door = `${result.household.subscriber}, ${result.household.street}, ${result.household.town}`;
      hops.push({
        hop: 'desk',
        from: `${address} at ${at}`,
        to: result.household.subscriber,
        how: `pretext ${label} (${result.failure?.id} worked)`,
        stoppedBy: null,
      });
      hops.push({
        hop: 'household',
        from: result.household.subscriber,
        to: door,
        how: 'read out by the desk',
        stoppedBy: null,
      });
      return done(result.household);
    }
    const said = result.transcript.at(-1)?.say ?? '';
    hops.push({
      hop: 'desk',
      from: `${address} at ${at}`,
      to: null,
      how: `pretext ${label}: refused`,
      stoppedBy: stopped,
      said,
    });
  }
  return done();
}
