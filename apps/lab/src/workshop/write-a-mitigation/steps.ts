import { DirectoryError, DirectorySocketError } from '@lab/directory-client';

/** One thing the check tried: an attack, which must get nothing, or a legitimate use, which must still work. */
export interface Step {
  kind: 'attack' | 'control';
  name: string;
  passed: boolean;
  /** What happened, in a sentence that says what to do next when it failed. */
  detail: string;
}

/**
 * Runs one request of a step, bounded in time; turns "the directory died" or "stopped answering"
 * into the reason it failed (and does not start `work` at all once the directory stopped answering).
 */
export type Within = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/**
 * The users of the check's world, each from its own lab address (as the attack and mitigation
 * tests have them): bob and carol online at home, alice bob's accepted contact, and the stranger,
 * mallory, on the café network (the resolver's default).
 */
export const USERS = {
  bob: { source: '127.51.100.140', lan: '192.168.1.23' },
  carol: { source: '127.51.100.70', lan: '192.168.0.5' },
  alice: { source: '127.51.100.30', lan: '192.168.2.7' },
} as const;
export type UserName = keyof typeof USERS;

/** An error as the step's sentence names it. */
export const describeError = (error: unknown): string => {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  if (error instanceof DirectoryError)
    return `the directory answered ${error.status} ${error.code} (${message})`;
  if (error instanceof DirectorySocketError) return `the directory answered ${error.code} (${message})`;
  return message;
};

/**
 * What of the users' whereabouts is in what the stranger received, as a participant should read it.
 * `ports`: the ports the stranger was told (the port alone, with the address learnt elsewhere,
 * still points at one connection).
 */
export function leakedIn(
  received: string,
  ports: { username: string; port: number | null; field: string }[],
): string[] {
  const found: string[] = [];
  for (const [name, user] of Object.entries(USERS)) {
    if (received.includes(user.source)) found.push(`${name}'s public address ${user.source}`);
    if (received.includes(user.lan)) found.push(`${name}'s LAN address ${user.lan}`);
  }
  for (const p of ports)
    if (p.port !== null) found.push(`${p.username}'s port ${p.port} (the ${p.field} field)`);
  return found;
}
