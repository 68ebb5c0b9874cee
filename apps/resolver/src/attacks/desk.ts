import { request } from 'node:http';
import type { Claim, DeskAnswer, DeskFix, Pretext } from '@lab/isp';
import { checkBanner, checkTargetHost } from '@lab/sandbox';

/** What the desk read out: the household on file. */
export interface HouseholdOnFile {
  subscriber: string;
  street: string;
  town: string;
}

/** One pretext call, as the attacker saw it: what it got and, if it got nothing, what stopped it. */
export interface PretextResult {
  pretext: 'known-facts' | 'guess-street' | 'emergency' | 'claimed-authority';
  ispId: string;
  address: string;
  household: HouseholdOnFile | null;
  /** For guess-street: the street the desk confirmed, if it confirmed one. */
  confirmedStreet?: string | null;
  /** The desk's failure that let it through (vulnerable desk). */
  failure: Pretext | null;
  /** The desk's fix that stopped it (fixed desk). */
  stoppedBy: DeskFix | null;
  /** Every answer of the desk, as received. */
  transcript: DeskAnswer[];
}

/** Where the call is about: an ISP's line at a time (from the leak and RDAP). */
export interface Line {
  ispId: string;
  address: string;
  at: string;
}

/**
 * A phone call to an ISP's support desk, over its REST API. The registry's URL passes the sandbox
 * guard and must answer the lab's banner as the ISP before the first word is said.
 */
export class DeskCall {
  readonly transcript: DeskAnswer[] = [];

  private constructor(
    private readonly base: URL,
    readonly line: Line,
    readonly callId: string,
  ) {}

  static async dial(registryUrl: string, line: Line, claim: Claim): Promise<DeskCall> {
    const base = new URL(registryUrl);
    await checkBanner(base, 'isp');
    const opened = await post<DeskAnswer>(base, `/isps/${encodeURIComponent(line.ispId)}/desk/calls`, {
      claim,
      address: line.address,
      at: line.at,
    });
    const call = new DeskCall(base, line, opened.callId);
    call.transcript.push(opened);
    return call;
  }

  async say(turn: Record<string, string>): Promise<DeskAnswer> {
    const path = `/isps/${encodeURIComponent(this.line.ispId)}/desk/calls/${this.callId}/turns`;
    const answer = await post<DeskAnswer>(this.base, path, turn);
    this.transcript.push(answer);
    return answer;
  }

  hangUp() {
    return this.say({ intent: 'hang-up' }).catch(() => undefined);
  }
}

const result = (
  pretext: PretextResult['pretext'],
  call: DeskCall,
  last: DeskAnswer,
  extra: Partial<PretextResult> = {},
): PretextResult => ({
  pretext,
  ispId: call.line.ispId,
  address: call.line.address,
  household: last.disclosed,
  failure: last.failure ?? null,
  stoppedBy: last.stoppedBy ?? null,
  transcript: [...call.transcript], // a copy: the hang-up that follows is not part of the result
  ...extra,
});

/**
 * P1: "I'm the account holder": the address and the time from the leak, the town from RDAP,
 * offered as proof; then ask for the details on the account.
 */
export async function pretextKnownFacts(registry: string, line: Line, city: string): Promise<PretextResult> {
  const call = await DeskCall.dial(registry, line, 'subscriber');
  try {
    const verified = await call.say({ intent: 'verify', address: line.address, connectedAt: line.at, city });
    if (verified.stoppedBy) return result('known-facts', call, verified);
    return result('known-facts', call, await call.say({ intent: 'details' }));
  } finally {
    await call.hangUp();
  }
}

/**
 * P2: "a technician checking the line on …": read out the streets of the town (from any map)
 * and listen for the yes.
 */
export async function pretextGuessStreet(
  registry: string,
  line: Line,
  streets: readonly string[],
): Promise<PretextResult> {
  const call = await DeskCall.dial(registry, line, 'technician');
  try {
    let last = call.transcript[0];
    for (const street of streets) {
      last = await call.say({ intent: 'guess', street });
      if (last.confirmed === true) return result('guess-street', call, last, { confirmedStreet: street });
      if (last.stoppedBy) break;
    }
    return result('guess-street', call, last, { confirmedStreet: null });
  } finally {
    await call.hangUp();
  }
}

/** P3: "it's my sister, she isn't answering, I need her address now". */
export async function pretextEmergency(registry: string, line: Line): Promise<PretextResult> {
  const call = await DeskCall.dial(registry, line, 'family');
  try {
    return result(
      'emergency',
      call,
      await call.say({ intent: 'emergency', reason: 'my sister is not answering and I think she fell' }),
    );
  } finally {
    await call.hangUp();
  }
}

/** P4: "this is the police" (or "network operations"): no warrant, no token, just the claim. */
export async function pretextClaimedAuthority(
  registry: string,
  line: Line,
  claim: 'police' | 'technician' = 'police',
): Promise<PretextResult> {
  const call = await DeskCall.dial(registry, line, claim);
  try {
    return result('claimed-authority', call, await call.say({ intent: 'details' }));
  } finally {
    await call.hangUp();
  }
}

/** A JSON POST inside the lab; a 4xx answer becomes an Error with the desk's message. */
function post<T>(base: URL, path: string, body: unknown): Promise<T> {
  const url = new URL(path, base);
  checkTargetHost(url);
  const payload = JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        timeout: 5000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            return reject(new Error(`the desk at ${base.origin} answered ${res.statusCode} without JSON`));
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(parsed as T);
          const error = parsed as { code?: string; message?: string };
          reject(
            Object.assign(new Error(`the desk refused (${status} ${error.code}): ${error.message}`), error),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${base.origin} within 5 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
