import type { Attacker } from './attacker';

export interface SweepResult {
  checked: number;
  existing: string[];
  /** Lookups per second that got an answer other than rate_limited. */
  lookupsPerSecond: number;
  /** The 1-based lookup at which the directory first answered rate_limited, if it did. */
  rateLimitedAt: number | null;
  stoppedEarly: boolean;
}

/**
 * L4 — enumeration: ask about every username of a word list and tell the existing ones from the
 * missing ones by how the directory answers. Stops after `stopAfterLimited` rate-limited answers.
 */
export async function sweep(
  attacker: Attacker,
  usernames: readonly string[],
  onProgress: (done: number, total: number, found: number) => void = () => undefined,
  stopAfterLimited = 5,
): Promise<SweepResult> {
  const started = Date.now();
  const existing: string[] = [];
  let answered = 0;
  let limited = 0;
  let rateLimitedAt: number | null = null;
  let checked = 0;
  for (const username of usernames) {
    checked++;
    const response = await attacker.client.request('GET', `/users/${encodeURIComponent(username)}`);
    if (response.status >= 500)
      throw new Error(`the directory failed (HTTP ${response.status}) on ${username}`);
    if (response.status === 429) {
      rateLimitedAt ??= checked;
      if (++limited >= stopAfterLimited) break;
    } else {
      answered++;
      if (response.status === 200) existing.push(username);
    }
    onProgress(checked, usernames.length, existing.length);
  }
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return {
    checked,
    existing,
    lookupsPerSecond: Math.round(answered / seconds),
    rateLimitedAt,
    stoppedEarly: checked < usernames.length,
  };
}
