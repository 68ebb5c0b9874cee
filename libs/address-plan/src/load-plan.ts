import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  cidrContains,
  intToIpv4,
  isLoopback,
  parseCidr,
  LAB_LAN_BLOCKS,
  LAB_NETWORK_BLOCKS,
  LAB_LOOPBACK_BLOCKS,
} from '@lab/sandbox';
import { AddressPlan, minutes } from './address-plan';
import { PlanFile, PlanSchema } from './plan.schema';

export const DEFAULT_PLAN_PATH = join(__dirname, 'plan', 'lab-plan.yaml');
/** The plan for populations beyond the documentation /24s (198.19.0.0/16): the tracking study's. */
export const LARGE_POPULATION_PLAN_PATH = join(__dirname, 'plan', 'large-population.yaml');

/** A plan that failed its checks; `problems` lists each one as `path: what is wrong`. */
export class PlanError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`the address plan ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PlanError';
  }
}

export function loadPlan(path: string = DEFAULT_PLAN_PATH): AddressPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanError(path, [`cannot be read (${(error as Error).message})`]);
  }
  return parsePlan(text, path);
}

export function parsePlan(text: string, source = 'plan'): AddressPlan {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new PlanError(source, [`is not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const result = PlanSchema.safeParse(raw);
  if (!result.success) {
    throw new PlanError(
      source,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`),
    );
  }
  const problems = crossCheck(result.data);
  if (problems.length) throw new PlanError(source, problems);
  return new AddressPlan(result.data);
}

const DOCUMENTATION_ASNS = (asn: number) => (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551);

/** The checks a schema cannot express: ranges, references, containment. */
function crossCheck(plan: PlanFile): string[] {
  const problems: string[] = [];
  const mirrors = plan.loopbackMirrors.map((m, i) => {
    const simulated = parseCidr(m.simulated);
    const loopback = parseCidr(m.loopback);
    if (
      !LAB_NETWORK_BLOCKS.some((b) => b.bits <= simulated.bits && cidrContains(b, m.simulated.split('/')[0]))
    ) {
      problems.push(
        `loopbackMirrors.${i}.simulated: ${m.simulated} is not inside a documentation range (RFC 5737)`,
      );
    }
    if (!isLoopback(m.loopback.split('/')[0]) || cidrContains(loopback, '127.0.0.1')) {
      problems.push(
        `loopbackMirrors.${i}.loopback: ${m.loopback} must be inside 127.0.0.0/8 and must not contain 127.0.0.1`,
      );
    }
    if (
      !LAB_LOOPBACK_BLOCKS.some((b) => b.bits <= loopback.bits && cidrContains(b, m.loopback.split('/')[0]))
    ) {
      problems.push(
        `loopbackMirrors.${i}.loopback: ${m.loopback} is outside the loopback blocks the sandbox treats as lab addresses (libs/sandbox)`,
      );
    }
    if (simulated.bits !== loopback.bits) {
      problems.push(`loopbackMirrors.${i}: ${m.simulated} and ${m.loopback} must have the same size`);
    }
    return simulated;
  });
  const mirrored = (address: string) => mirrors.some((m) => cidrContains(m, address));

  const inLabBlock = (cidr: ReturnType<typeof parseCidr>) =>
    LAB_NETWORK_BLOCKS.some((b) => b.bits <= cidr.bits && cidrContains(b, intToIpv4(cidr.base)));
  (plan.dockerAlternates ?? []).forEach((a, i) => {
    const simulated = parseCidr(a.simulated);
    const docker = parseCidr(a.docker);
    if (!inLabBlock(simulated) || !inLabBlock(docker)) {
      problems.push(
        `dockerAlternates.${i}: ${a.simulated} and ${a.docker} must both be lab networks (libs/sandbox LAB_NETWORK_BLOCKS)`,
      );
    }
    if (simulated.bits !== docker.bits) {
      problems.push(`dockerAlternates.${i}: ${a.simulated} and ${a.docker} must have the same size`);
    }
  });

  const isps = new Map(plan.isps.map((isp) => [isp.id, isp]));
  const seenPrefixes: { text: string; cidr: ReturnType<typeof parseCidr> }[] = [];
  plan.isps.forEach((isp, i) => {
    if (!DOCUMENTATION_ASNS(isp.asn)) {
      problems.push(
        `isps.${i}.asn: AS${isp.asn} is not a documentation AS number (RFC 5398: 64496–64511, 65536–65551)`,
      );
    }
    isp.prefixes.forEach((p, j) => {
      const cidr = parseCidr(p.cidr);
      const base = p.cidr.split('/')[0];
      if (!mirrored(base))
        problems.push(`isps.${i}.prefixes.${j}: ${p.cidr} is outside every loopbackMirrors range`);
      const overlap = seenPrefixes.find(
        (s) => cidrContains(s.cidr, base) || cidrContains(cidr, s.text.split('/')[0]),
      );
      if (overlap) problems.push(`isps.${i}.prefixes.${j}: ${p.cidr} overlaps ${overlap.text}`);
      seenPrefixes.push({ text: p.cidr, cidr });
      if (p.city && (p.latitude === undefined || p.longitude === undefined)) {
        problems.push(`isps.${i}.prefixes.${j}: a city needs latitude and longitude`);
      }
    });
  });
  if (new Set(plan.isps.map((i) => i.id)).size !== plan.isps.length)
    problems.push('isps: two ISPs share an id');

  const networks = new Map(plan.networks.map((n) => [n.id, n]));
  if (networks.size !== plan.networks.length) problems.push('networks: two networks share an id');
  plan.networks.forEach((n, i) => {
    const isp = isps.get(n.isp);
    if (!isp) return void problems.push(`networks.${i}.isp: no ISP "${n.isp}"`);
    if (n.public.endsWith('.1')) {
      problems.push(
        `networks.${i}.public: ${n.public} ends in .1, which Docker keeps for each network's gateway (the participant's side)`,
      );
    }
    const prefix = isp.prefixes.find((p) => cidrContains(parseCidr(p.cidr), n.public));
    if (!prefix) problems.push(`networks.${i}.public: ${n.public} is not in any prefix of ${isp.id}`);
    if (prefix && (n.kind === 'mobile') !== (prefix.kind === 'cgnat')) {
      problems.push(`networks.${i}: a mobile network sits on a cgnat prefix, and only a mobile network does`);
    }
    if (n.household && n.kind !== 'home') {
      problems.push(
        `networks.${i}.household: only a home line has a household on file (${n.id} is ${n.kind})`,
      );
    }
    if (!LAB_LAN_BLOCKS.some((b) => cidrContains(b, n.lan.split('/')[0]))) {
      problems.push(`networks.${i}.lan: ${n.lan} is not a private range (RFC 1918) or the CGNAT space`);
    }
  });

  const usernames = new Set(plan.personas.map((p) => p.username));
  if (usernames.size !== plan.personas.length) problems.push('personas: two personas share a username');
  plan.personas.forEach((p, i) => {
    for (const [slot, networkId] of Object.entries(p.networks)) {
      const network = networks.get(networkId!);
      if (!network) {
        problems.push(`personas.${i}.networks.${slot}: no network "${networkId}"`);
        continue;
      }
      if (network.kind !== slot)
        problems.push(`personas.${i}.networks.${slot}: "${networkId}" is a ${network.kind} network`);
      const lan = p.lan[slot as keyof typeof p.lan];
      if (!lan)
        problems.push(
          `personas.${i}.lan.${slot}: missing (the address of ${p.username}'s device on ${networkId})`,
        );
      else if (!cidrContains(parseCidr(network.lan), lan)) {
        problems.push(`personas.${i}.lan.${slot}: ${lan} is not inside ${networkId}'s LAN ${network.lan}`);
      }
    }
    for (const contact of p.contacts) {
      if (!usernames.has(contact)) problems.push(`personas.${i}.contacts: no persona "${contact}"`);
      if (contact === p.username)
        problems.push(`personas.${i}.contacts: ${p.username} cannot be their own contact`);
    }
    const times = p.routine.map((s) => minutes(s.at));
    if (times[0] !== 0) problems.push(`personas.${i}.routine: must start at 00:00`);
    if (times.some((t, k) => k > 0 && t <= times[k - 1]))
      problems.push(`personas.${i}.routine: times must increase`);
    p.routine.forEach((step, k) => {
      if (step.on !== 'offline' && !p.networks[step.on]) {
        problems.push(`personas.${i}.routine.${k}.on: ${p.username} has no ${step.on} network`);
      }
    });
  });
  return problems;
}
