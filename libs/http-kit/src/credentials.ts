import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The credential of `Authorization: <Scheme> <credential>`, or undefined. The scheme name is
 * case-insensitive (RFC 9110, section 11.1); exactly one credential must follow it.
 */
export function credentialFor(header: string | undefined, scheme: string): string | undefined {
  const [name, credential, ...rest] = (header ?? '').trim().split(/\s+/);
  return name?.toLowerCase() === scheme.toLowerCase() && credential && !rest.length ? credential : undefined;
}

/**
 * Checks a guess against a secret in constant time: both are hashed first, so the comparison
 * takes as long whatever the guess and however long it is.
 */
export class SecretMatcher {
  private readonly expected: Buffer;

  constructor(secret: string) {
    this.expected = digest(secret);
  }

  matches(guess: string | undefined): boolean {
    return guess !== undefined && timingSafeEqual(digest(guess), this.expected);
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();
