import type { Persona } from '@lab/address-plan';
import { DirectoryClient } from '@lab/directory-client';
import { personaPassword } from '@lab/peers';
import type { ProfileView } from '@lab/protocol';
import type { LabWorld } from '../../world/lab-world';
import type { Exercise } from '../exercise.schema';
import type { InstanceSeed } from '../instance-seed';
import type { WorldObserver } from '../world-observer';

/** What a check answers: solved or not, a sentence that says what to do next, and the evidence. */
export interface Verdict {
  solved: boolean;
  feedback: string;
  evidence: string[];
}

export interface CheckContext {
  world: LabWorld;
  instance: InstanceSeed;
  observer: WorldObserver;
  exercise: Exercise;
  rootDir: string;
  dataDir: string;
  /** When the participant first opened the exercise (or reset it): observed events count from then. */
  openedAt: string | null;
  signal?: AbortSignal;
}

/** The world is not where the exercise needs it yet (nobody on the mobile network): say how to get there. */
export class NotReady extends Error {}

/**
 * One kind of check. `draw` makes this instance's case (its target, its details) from the seed and,
 * where it must, the live world; the engine keeps it, so it stays put across restarts. `brief` fills
 * the exercise's {placeholders}; `verify` decides against the live world; `expected` is the answer
 * the facilitator reads.
 */
export interface ExerciseCheck<Case = unknown> {
  draw(ctx: CheckContext): Promise<Case>;
  /** A case the world no longer holds (a lease log lost at a restart) is drawn again. */
  stale?(data: Case, ctx: CheckContext): boolean;
  brief(data: Case, ctx: CheckContext): Record<string, string>;
  verify(data: Case, answer: string, ctx: CheckContext): Promise<Verdict>;
  expected(data: Case, ctx: CheckContext): Promise<string>;
}

export const solved = (feedback: string, evidence: string[] = []): Verdict => ({
  solved: true,
  feedback,
  evidence,
});
export const notSolved = (feedback: string, evidence: string[] = []): Verdict => ({
  solved: false,
  feedback,
  evidence,
});

/** Everyone who lives in the lab: the plan's named personas and any generated ones. */
export function personasOf(world: LabWorld): Persona[] {
  const population = world.directories.get('vulnerable')?.population;
  if (!population) throw new Error('the vulnerable directory has no population');
  return [...population.agents.values()].map((agent) => agent.persona);
}

export function personaNamed(world: LabWorld, username: string): Persona {
  const persona = personasOf(world).find((p) => p.username === username);
  if (!persona) throw new Error(`no persona ${username} in this lab`);
  return persona;
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** "00:00 home, 07:40 mobile, 08:30 work, …": a persona's day, for the exercises that need a time. */
export function routineText(persona: Persona): string {
  return persona.routine.map((step) => `${hhmm(step.at)} ${step.on}`).join(', ');
}

/** The first lab time of day at which the routine puts `persona` on `slot` (or online, for 'online'). */
export function firstTimeOn(persona: Persona, slot: string): string | undefined {
  const step = persona.routine.find((s) => (slot === 'online' ? s.on !== 'offline' : s.on === slot));
  return step && hhmm(step.at);
}

/**
 * A look-up the lab makes itself, as a persona it owns, from 127.0.0.1: the live truth a check
 * compares the participant's answer with. Logging in opens no socket, so nobody's presence moves.
 */
export async function lookupAs(
  world: LabWorld,
  directoryId: string,
  asUser: string,
  target: string,
): Promise<ProfileView> {
  const directory = world.directories.get(directoryId);
  if (!directory) throw new Error(`no directory ${directoryId} in this lab`);
  const client = new DirectoryClient({ baseUrl: directory.running.url });
  try {
    await client.login(asUser, personaPassword(asUser));
    return await client.lookup(target);
  } finally {
    client.close();
  }
}

/** The same look-up, answering the error code when the directory refuses (user_not_found …). */
export async function lookupOutcome(
  world: LabWorld,
  directoryId: string,
  asUser: string,
  target: string,
): Promise<{ profile?: ProfileView; code?: string }> {
  try {
    return { profile: await lookupAs(world, directoryId, asUser, target) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && /^[a-z_]+$/.test(code)) return { code };
    throw error;
  }
}

/** Every IPv4 address in an answer, as the plan's simulated address (127.51.100.70 → 198.51.100.70). */
export function addressesIn(world: LabWorld, answer: string): string[] {
  return [...answer.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((m) => world.plan.display(m[0]));
}

/** The words of an answer, lower case: names, codes, numbers. */
export function wordsIn(answer: string): string[] {
  return answer
    .toLowerCase()
    .split(/[^a-z0-9._-]+/)
    .map((w) => w.replace(/^[.]+|[.]+$/g, ''))
    .filter(Boolean);
}

/** Decoy usernames for the enumeration exercises: near-misses of real names and plausible others. */
export function decoyNames(ctx: CheckContext, key: string, real: string[], count: number): string[] {
  // Not mallory: the resolver's own account exists once it has run.
  const words = ['frank', 'grace', 'heidi', 'ivan', 'judy', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil'];
  const taken = new Set(personasOf(ctx.world).map((p) => p.username));
  const candidates = [
    ...real.flatMap((name) => [
      `${name}${ctx.instance.index(`${key}:${name}`, 90) + 10}`,
      `${name}_home`,
      `the.${name}`,
    ]),
    ...words.map((w) => `${w}${ctx.instance.index(`${key}:${w}`, 9) + 1}`),
    ...words,
  ].filter((name) => !taken.has(name));
  return ctx.instance.sample(`${key}:decoys`, candidates, count);
}
