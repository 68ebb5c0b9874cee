import { intToIpv4, ipv4ToInt } from '@lab/sandbox';
import type { AddressPlan, Network, Persona } from './address-plan';

/** A small, seeded PRNG (mulberry32): the same seed gives the same population, everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` more personas beyond the named ones, reproducible from `seed`. Each gets a home network
 * of its own on a free residential address while the plan's residential prefixes have room (the
 * documentation ranges are small), a work network from the plan, and the mobile network; when
 * the residential space is used up, the rest live on mobile data only, behind the CGNAT — as most
 * mobile subscribers do.
 */
export function generatePersonas(plan: AddressPlan, count: number, seed = 2011): Persona[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const networks = [...plan.networks.values()];
  const mobile = networks.find((n) => n.kind === 'mobile');
  const offices = networks.filter((n) => n.kind === 'work');
  const used = new Set(networks.map((n) => n.publicAddress));
  const freeHomes = plan.isps.flatMap((isp) =>
    isp.prefixes
      .filter((p) => p.kind === 'residential')
      .flatMap((p) => {
        const size = 2 ** (32 - p.cidr.bits);
        return (
          Array.from({ length: size - 2 }, (_, k) => intToIpv4(p.cidr.base + 1 + k))
            // .1 is kept for Docker's gateway of each network, as in the plan's own networks.
            .filter((address) => !used.has(address) && !address.endsWith('.1'))
            .map((address) => ({ isp, address }))
        );
      }),
  );
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const username = `user${String(i + 1).padStart(5, '0')}`;
    const slotHome = freeHomes[i];
    const home: Network | undefined = slotHome && {
      id: `${username}-home`,
      kind: 'home',
      isp: slotHome.isp,
      publicAddress: slotHome.address,
      loopbackAddress: plan.toLoopback(slotHome.address)!,
      lan: { text: '192.168.1.0/24', base: ipv4ToInt('192.168.1.0'), bits: 24 },
    };
    const work = offices.length ? pick(offices) : undefined;
    const start = 6 * 60 + Math.floor(random() * 180); // leaves home between 06:00 and 09:00
    const hours = 7 * 60 + Math.floor(random() * 120);
    personas.push({
      username,
      displayName: `Simulated user ${i + 1}`,
      discoverableByEmail: false,
      networks: { ...(home ? { home } : {}), ...(work ? { work } : {}), ...(mobile ? { mobile } : {}) },
      lan: {
        ...(home ? { home: `192.168.1.${2 + Math.floor(random() * 250)}` } : {}),
        ...(work ? { work: intToIpv4(work.lan.base + 2 + Math.floor(random() * 250)) } : {}),
        ...(mobile ? { mobile: intToIpv4(mobile.lan.base + 2 + Math.floor(random() * 4_000_000)) } : {}),
      },
      contacts: [],
      routine: home
        ? [
            { at: 0, on: 'home' },
            { at: start, on: 'mobile' },
            ...(work ? [{ at: start + 40, on: 'work' as const }] : []),
            { at: start + 40 + hours, on: 'mobile' },
            { at: start + 80 + hours, on: 'home' },
          ]
        : [
            { at: 0, on: 'offline' },
            { at: start, on: 'mobile' },
            { at: Math.min(start + hours + 240, 23 * 60 + 59), on: 'offline' },
          ],
    });
  }
  return personas;
}
