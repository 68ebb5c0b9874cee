import { IMPLEMENTED_MITIGATION_IDS } from '@lab/directory';
import { loadPlan } from '@lab/address-plan';
import {
  ATTACKS,
  ATTACK_INFO,
  AttackName,
  CONFIGURATIONS,
  EXPECTED_MATRIX,
  EXPECTED_PROFILES,
  PROFILE_ATTACKS,
  PROFILE_ATTACK_INFO,
  ProfileCell,
  Viewpoint,
  attacksFor,
  runMatrix,
  runProfileMatrix,
} from '@lab/resolver';
import type { LabWorld } from '../../world/lab-world';
import type { JobContext } from './job';

/** Where each attack of the matrix is written: the file /console/api/source serves for its row. */
export const ATTACK_FILES: Record<AttackName, string> = {
  resolve: 'apps/resolver/src/attacks/resolve.ts',
  'debug-log': 'apps/resolver/src/attacks/debug-log.ts',
  watch: 'apps/resolver/src/attacks/watch.ts',
  'probe-call': 'apps/resolver/src/attacks/probe-call.ts',
  sweep: 'apps/resolver/src/attacks/sweep.ts',
  'resolve-after-logout': 'apps/resolver/src/attacks/resolve.ts',
  reverse: 'apps/resolver/src/cache/attacker-cache.ts',
  'find-email': 'apps/resolver/src/attacks/find-email.ts',
};

const PROFILE_ATTACK_FILES: Record<(typeof PROFILE_ATTACKS)[number], string> = {
  resolve: ATTACK_FILES.resolve,
  watch: ATTACK_FILES.watch,
  'probe-call': ATTACK_FILES['probe-call'],
  'catch-caller': 'apps/resolver/src/attacks/catch-caller.ts',
  'answered-call': 'apps/resolver/src/attacks/answered-call.ts',
  sweep: ATTACK_FILES.sweep,
  'resolve-after-logout': ATTACK_FILES.resolve,
};

const MITIGATION_FILES: Record<string, string> = {
  vulnerable: 'apps/directory/src/policy/vulnerable.policy.ts',
  M1: 'apps/directory/src/mitigations/m1-data-minimisation.ts',
  M2: 'apps/directory/src/mitigations/m2-contact-gated-presence.ts',
  M3: 'apps/directory/src/mitigations/m3-consent-gated-signalling.ts',
  M4: 'apps/directory/src/mitigations/m4-relay-calls.ts',
  M5: 'apps/directory/src/mitigations/m5-enumeration-resistance.ts',
  M6: 'apps/directory/src/mitigations/m6-retention-and-log-hygiene.ts',
  fixed: 'apps/directory/src/mitigations/index.ts',
};

/** The file of a protocol profile: `signal-always-relay` is written in signal.profile.ts. */
const PROFILE_FILES = [
  'jitsi-meet',
  'signal',
  'sip-privacy',
  'sip',
  'skype-2012',
  'skype-2016',
  'telegram',
  'whatsapp',
  'xmpp',
];
const profileFile = (profile: string) => {
  const base = PROFILE_FILES.filter((f) => profile === f || profile.startsWith(`${f}-`)).sort(
    (a, b) => b.length - a.length,
  )[0];
  return base ? `apps/directory/src/protocol-profiles/${base}.profile.ts` : undefined;
};

export interface MatrixResult {
  rows: { id: string; label: string; channel: string; attackFile: string }[];
  columns: { id: string; label: string; mitigationFile?: string }[];
  cells: MatrixCell[];
}

export interface MatrixCell {
  row: string;
  column: string;
  verdict: string;
  expected?: string;
  /** The addresses the attack got, as the lab shows them (198.51.100.140). */
  leaked?: string[];
  detail: string;
}

const COLUMN_LABELS: Record<string, string> = {
  vulnerable: 'vulnerable (no mitigation)',
  fixed: 'fixed (M1–M6)',
};

let plan: ReturnType<typeof loadPlan> | undefined;
/** The IPv4 addresses in a cell's detail, shown as the simulated addresses they stand for. */
function addressesIn(detail: string): string[] {
  plan ??= loadPlan();
  return [...detail.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((m) => plan!.display(m[0]));
}

/** The directories of the matrix, each started by the lab on demand, without a population, then stopped. */
const onDemand = (world: LabWorld, choice: { mitigations: string[] } | { profile: string }) => async () => {
  const directory =
    'profile' in choice
      ? await world.startOnDemand([], false, choice.profile)
      : await world.startOnDemand(choice.mitigations as never, false);
  return { url: directory.running.url, close: async () => void (await world.stopDirectory(directory.id)) };
};

/** The defence matrix, measured as `npm run resolver -- matrix` does; each cell is pushed as it lands. */
export async function runDefenceMatrix(world: LabWorld, ctx: JobContext): Promise<MatrixResult> {
  const configurations = CONFIGURATIONS;
  const result: MatrixResult = {
    rows: ATTACKS.map((attack) => ({
      id: attack,
      label: ATTACK_INFO[attack].what,
      channel: ATTACK_INFO[attack].channel,
      attackFile: ATTACK_FILES[attack],
    })),
    columns: configurations.map((c) => ({
      id: c,
      label: COLUMN_LABELS[c] ?? `${c} alone`,
      mitigationFile: MITIGATION_FILES[c],
    })),
    cells: [],
  };
  const total = configurations.length * ATTACKS.length;
  // Filled in place: a client reading the running job draws the whole grid, cells still pending.
  ctx.partial(result);
  ctx.progress(0, total);
  await runMatrix(
    (mitigations) => onDemand(world, { mitigations })(),
    [...IMPLEMENTED_MITIGATION_IDS],
    (cell) => {
      if (ctx.signal.aborted) throw new Error('the lab is stopping');
      const leaked = cell.outcome === 'blocked' ? [] : addressesIn(cell.detail);
      const shown: MatrixCell = {
        row: cell.attack,
        column: cell.configuration,
        verdict: cell.outcome,
        expected: EXPECTED_MATRIX[cell.attack][cell.configuration],
        ...(leaked.length ? { leaked } : {}),
        detail: cell.detail,
      };
      result.cells.push(shown);
      ctx.progress(result.cells.length, total, shown);
    },
    configurations,
  );
  return result;
}

/** The same for the protocol profiles: a row per attack and point of view, a column per profile. */
export async function runProfilesMatrix(world: LabWorld, ctx: JobContext): Promise<MatrixResult> {
  const profiles = Object.keys(EXPECTED_PROFILES);
  const viewpoints: Viewpoint[] = ['stranger', 'contact'];
  const rows = viewpoints.flatMap((viewpoint) =>
    attacksFor(viewpoint).map((attack) => ({
      id: `${attack}.${viewpoint}`,
      label: `${PROFILE_ATTACK_INFO[attack].what} (as a ${viewpoint})`,
      channel: PROFILE_ATTACK_INFO[attack].channel,
      attackFile: PROFILE_ATTACK_FILES[attack],
    })),
  );
  const result: MatrixResult = {
    rows,
    columns: profiles.map((p) => ({ id: p, label: p, mitigationFile: profileFile(p) })),
    cells: [],
  };
  const total = profiles.length * rows.length;
  ctx.partial(result);
  ctx.progress(0, total);
  await runProfileMatrix(
    (profile) => onDemand(world, { profile })(),
    profiles,
    (cell: ProfileCell) => {
      if (ctx.signal.aborted) throw new Error('the lab is stopping');
      const leaked = cell.outcome === 'blocked' ? [] : addressesIn(cell.detail);
      const shown: MatrixCell = {
        row: `${cell.attack}.${cell.viewpoint}`,
        column: cell.profile,
        verdict: cell.outcome,
        expected: EXPECTED_PROFILES[cell.profile]?.[cell.attack][cell.viewpoint],
        ...(leaked.length ? { leaked } : {}),
        detail: cell.detail,
      };
      result.cells.push(shown);
      ctx.progress(result.cells.length, total, shown);
    },
  );
  return result;
}
