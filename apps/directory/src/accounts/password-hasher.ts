import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const KEY_LENGTH = 32;

/**
 * Passwords are stored as `scrypt$N$r$p$salt$hash` (node's built-in scrypt, a memory-hard KDF).
 * The cost travels with each hash, so changing it later does not lock anyone out.
 */
export class PasswordHasher {
  /** A hash of nothing, verified against when the account does not exist (M5: same time either way). */
  private dummy?: Promise<string>;

  constructor(private readonly cost: number) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, KEY_LENGTH, this.params(this.cost));
    return ['scrypt', this.cost, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, saltText, keyText] = stored.split('$');
    if (scheme !== 'scrypt') return false;
    const expected = Buffer.from(keyText, 'base64url');
    const key = await scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, {
      ...this.params(Number(n)),
      r: Number(r),
      p: Number(p),
    });
    return timingSafeEqual(key, expected);
  }

  /** Spends the same work as a real verification, and always fails. */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(password, await this.makeDummy());
    return false;
  }

  /** Makes the dummy hash now (once), so the first verification against it costs what a real one does. */
  async makeDummy(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  private params(n: number) {
    return { N: n, r: 8, p: 1, maxmem: 256 * n * 8 + 1024 * 1024 };
  }
}
