import type { Cidr } from '@lab/sandbox';
import { cidrContains, intToIpv4, ipv4ToInt, normaliseAddress, parseCidr } from '@lab/sandbox';
import type { NetworkSlot, PlanFile } from './plan.schema';

export type { NetworkSlot } from './plan.schema';

export interface Location {
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  accuracyRadiusKm: number;
  /** True when the registry knew no city and the default location stood in. */
  fallback: boolean;
}

export interface Prefix {
  cidr: Cidr;
  kind: 'residential' | 'business' | 'cgnat';
  location: Location;
}

export interface Isp {
  id: string;
  name: string;
  asn: number;
  country: string;
  abuseEmail: string;
  prefixes: Prefix[];
}

/** What an ISP has on file for a home line: the account holder and where the line goes in (fictional). */
export interface Household {
  subscriber: string;
  street: string;
  town: string;
}

export interface Network {
  id: string;
  kind: NetworkSlot;
  isp: Isp;
  /** The simulated public address everyone on this network appears from. */
  publicAddress: string;
  /** The same, as a loopback source address for embedded mode. */
  loopbackAddress: string;
  lan: Cidr;
  /** A home line's subscriber on file; absent for offices, the mobile network and the café. */
  household?: Household;
}

/** A household line as its ISP knows it: the record, the line, and the personas who live there. */
export interface HouseholdLine {
  household: Household;
  network: Network;
  members: Persona[];
}

export interface RoutineStep {
  /** Minutes after lab midnight. */
  at: number;
  on: NetworkSlot | 'offline';
}

export interface Persona {
  username: string;
  displayName: string;
  /** The e-mail address the persona signs up with, if any. */
  email?: string;
  /** The persona's choice to be found by that e-mail address (directory search). */
  discoverableByEmail: boolean;
  networks: Partial<Record<NetworkSlot, Network>>;
  lan: Partial<Record<NetworkSlot, string>>;
  contacts: string[];
  routine: RoutineStep[];
}

interface Mirror {
  simulated: Cidr;
  loopback: Cidr;
}

interface DockerAlternate {
  simulated: Cidr;
  docker: Cidr;
}

/**
 * The lab's address plan, loaded and checked: ISPs and their prefixes, networks, personas, and
 * the translation between simulated public addresses and the loopback addresses that stand for
 * them in embedded mode.
 */
export class AddressPlan {
  readonly isps: Isp[];
  readonly networks: Map<string, Network>;
  readonly personas: Persona[];
  readonly defaultLocation: Location;
  private readonly mirrors: Mirror[];
  private readonly dockerAlternates: DockerAlternate[];

  constructor(file: PlanFile) {
    this.dockerAlternates = (file.dockerAlternates ?? []).map((a) => ({
      simulated: parseCidr(a.simulated),
      docker: parseCidr(a.docker),
    }));
    this.mirrors = file.loopbackMirrors.map((m) => ({
      simulated: parseCidr(m.simulated),
      loopback: parseCidr(m.loopback),
    }));
    this.defaultLocation = { ...file.defaultLocation, fallback: true };
    this.isps = file.isps.map((isp) => ({
      ...isp,
      prefixes: isp.prefixes.map((p) => ({
        cidr: parseCidr(p.cidr),
        kind: p.kind,
        location:
          p.city && p.latitude !== undefined && p.longitude !== undefined
            ? {
                city: p.city,
                country: isp.country,
                latitude: p.latitude,
                longitude: p.longitude,
                accuracyRadiusKm: p.accuracyRadiusKm,
                fallback: false,
              }
            : this.defaultLocation,
      })),
    }));
    const ispById = new Map(this.isps.map((isp) => [isp.id, isp]));
    this.networks = new Map(
      file.networks.map((n) => [
        n.id,
        {
          id: n.id,
          kind: n.kind,
          isp: ispById.get(n.isp)!,
          publicAddress: n.public,
          loopbackAddress: this.toLoopback(n.public)!,
          lan: parseCidr(n.lan),
          ...(n.household && { household: { ...n.household } }),
        },
      ]),
    );
    this.personas = file.personas.map((p) => ({
      username: p.username,
      displayName: p.displayName,
      ...(p.email !== undefined && { email: p.email }),
      discoverableByEmail: p.discoverableByEmail,
      networks: Object.fromEntries(
        Object.entries(p.networks).map(([slot, id]) => [slot, this.networks.get(id!)!]),
      ),
      lan: p.lan,
      contacts: p.contacts,
      routine: p.routine.map((step) => ({ at: minutes(step.at), on: step.on })),
    }));
  }

  /** 198.51.100.23 → 127.51.100.23; undefined for an address no mirror covers. */
  toLoopback(simulated: string): string | undefined {
    return this.translate(simulated, 'simulated', 'loopback');
  }

  /** 127.51.100.23 → 198.51.100.23; undefined for an address no mirror covers. */
  toSimulated(loopback: string): string | undefined {
    return this.translate(loopback, 'loopback', 'simulated');
  }

  /**
   * Where a simulated address sits in the Docker world: the address itself, or its place in the
   * plan's alternate range when the simulated range can be a host's own network.
   */
  toDocker(simulated: string): string {
    return shift(this.dockerAlternates, simulated, 'simulated', 'docker') ?? simulated;
  }

  /** A prefix's subnet in the Docker world (see toDocker). */
  dockerSubnet(cidr: Cidr): Cidr {
    return parseCidr(`${this.toDocker(intToIpv4(cidr.base))}/${cidr.bits}`);
  }

  /** The simulated address a person should read, whichever form the directory observed. */
  display(observed: string): string {
    const address = normaliseAddress(observed) ?? observed;
    return (
      this.toSimulated(address) ?? shift(this.dockerAlternates, address, 'docker', 'simulated') ?? address
    );
  }

  /** Which ISP and prefix a simulated (or mirrored loopback, or Docker alternate) address belongs to. */
  locate(address: string): { isp: Isp; prefix: Prefix } | undefined {
    const simulated = this.display(address);
    for (const isp of this.isps) {
      for (const prefix of isp.prefixes) if (cidrContains(prefix.cidr, simulated)) return { isp, prefix };
    }
    return undefined;
  }

  /**
   * The household whose home line has this public address (simulated, or its loopback or Docker
   * form): what the line's ISP has on file. Home lines keep their address all day in the lab.
   */
  householdAt(address: string): HouseholdLine | undefined {
    const simulated = this.display(address);
    for (const network of this.networks.values()) {
      if (network.publicAddress !== simulated || !network.household) continue;
      const members = this.personas.filter((p) => p.networks.home?.id === network.id);
      return { household: network.household, network, members };
    }
    return undefined;
  }

  persona(username: string): Persona | undefined {
    return this.personas.find((p) => p.username === username);
  }

  /** Where a persona's routine puts it at a lab time of day (minutes after midnight). */
  slotAt(persona: Persona, minuteOfDay: number): NetworkSlot | 'offline' {
    let current = persona.routine[persona.routine.length - 1].on;
    for (const step of persona.routine) if (step.at <= minuteOfDay) current = step.on;
    return current;
  }

  private translate(address: string, from: keyof Mirror, to: keyof Mirror): string | undefined {
    return shift(this.mirrors, address, from, to);
  }
}

/** Moves an address from one range of a pair to the other, keeping its offset. */
function shift<K extends string>(
  pairs: readonly Record<K, Cidr>[],
  address: string,
  from: K,
  to: K,
): string | undefined {
  for (const pair of pairs) {
    if (cidrContains(pair[from], address))
      return intToIpv4(pair[to].base + ipv4ToInt(address) - pair[from].base);
  }
  return undefined;
}

export function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}
