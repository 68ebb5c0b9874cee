import { createHmac, randomBytes } from 'node:crypto';
import type { ProgressStore } from './progress.store';

/**
 * This lab instance's own draws. Every exercise picks its target persona and its details from an
 * HMAC of the instance seed and the exercise's key, so a restart gives the same answers and two
 * participants' labs give different ones: an answer copied from a neighbour, or from the docs,
 * does not fit. The seed is made at the first start and kept in the data folder; `LAB_SEED`
 * overrides it (a facilitator who wants every seat alike, or a test).
 */
export class InstanceSeed {
  private constructor(readonly seed: string) {}

  static open(store: ProgressStore, override?: string): InstanceSeed {
    if (override !== undefined) return new InstanceSeed(`LAB_SEED=${override}`);
    let seed = store.meta('seed');
    if (!seed) {
      seed = randomBytes(16).toString('hex');
      store.setMeta('seed', seed);
    }
    return new InstanceSeed(seed);
  }

  /** A short, public name of this instance (in exports), which says nothing of the seed. */
  get fingerprint(): string {
    return this.hmac('instance-fingerprint').subarray(0, 6).toString('hex');
  }

  /** The key that signs this instance's progress exports. */
  get signingKey(): Buffer {
    return this.hmac('progress-signature');
  }

  /** Another, independent draw of the same instance: an exercise after its n-th reset draws from `derive(id#n)`. */
  derive(label: string): InstanceSeed {
    return new InstanceSeed(this.hmac(`derive:${label}`).toString('hex'));
  }

  /** A whole number in [0, n) for `key`: the same on every start of this instance. */
  index(key: string, n: number): number {
    if (n <= 0) throw new Error(`nothing to draw from for ${key}`);
    return this.hmac(key).readUIntBE(0, 6) % n;
  }

  pick<T>(key: string, items: readonly T[]): T {
    return items[this.index(key, items.length)];
  }

  /** `count` distinct items, in a seeded order. */
  sample<T>(key: string, items: readonly T[], count: number): T[] {
    const rest = [...items];
    const chosen: T[] = [];
    for (let i = 0; i < count && rest.length; i++)
      chosen.push(...rest.splice(this.index(`${key}#${i}`, rest.length), 1));
    return chosen;
  }

  private hmac(key: string): Buffer {
    return createHmac('sha256', this.seed).update(key).digest();
  }
}
