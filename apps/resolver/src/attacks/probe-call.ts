import { DirectorySocketError, PresenceSocket } from '@lab/directory-client';
import type { Candidate, ServerEvents } from '@lab/protocol';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';
import { Resolution, nothingLeaked } from './resolution';

export interface ProbeCallResult extends Resolution {
  candidates: Candidate[];
  /** Whether the callee's client reported showing the ring before the attacker hung up. */
  ringShown: boolean;
}

/**
 * The longest wait for candidates, by default. Below the lab clients' ring delay (1.5 s after the
 * invite reaches them), so a directory that holds candidates back (M3) is left before the ring.
 */
export const PROBE_CALL_WAIT_MS = 1000;

/** How long the directory gets to confirm that it handled the hang-up. */
const SETTLE_TIMEOUT_MS = 5000;

/**
 * L3 — the inconspicuous call [@LeBlond2011]: invite, collect the callee client's
 * address candidates, and cancel before its user is shown the ring.
 *
 * The probe waits for the candidates or the ring, whichever comes first, at most `waitMs`; then it
 * cancels, and keeps listening until the directory has handled the cancel. Candidates the directory
 * forwarded before that are on their way to this socket, in order: they are counted, so a slow
 * network or a busy directory does not turn a leak into "nothing leaked".
 */
export async function probeCall(
  attacker: Attacker,
  username: string,
  waitMs = PROBE_CALL_WAIT_MS,
): Promise<ProbeCallResult> {
  const socket = await attacker.socket();
  const received: ServerEvents['call.candidates'][] = [];
  const rings = new Set<string>();
  const onCandidates = (data: ServerEvents['call.candidates']) => received.push(data);
  const onRinging = (data: ServerEvents['call.ringing']) => rings.add(data.callId);
  socket.on('call.candidates', onCandidates);
  socket.on('call.ringing', onRinging);
  try {
    let callId: string;
    try {
      callId = await socket.invite(username);
    } catch (error) {
      // A refusal is an answer; a server fault is not "blocked", it is a failure to report.
      if (error instanceof DirectorySocketError && error.code !== 'internal_error') {
        return { ...nothingLeaked(username, error.code), candidates: [], ringShown: false };
      }
      throw error;
    }
    const ofCall = () => received.filter((c) => c.callId === callId);
    await firstSignOf(socket, callId, waitMs, () => ofCall().length > 0 || rings.has(callId));
    socket.send('call.cancel', { callId });
    await settled(socket, callId);

    const candidates = ofCall().flatMap((c) => c.candidates);
    const srflx = candidates.find((c) => c.type === 'srflx');
    const hosts = candidates.filter((c) => c.type === 'host').map((c) => c.address);
    const leaked = !!srflx || hosts.length > 0;
    return {
      username,
      leaked,
      publicAddress: simulatedAddress(srflx?.address),
      observedAddress: srflx?.address ?? null,
      port: srflx?.port ?? null,
      localAddresses: hosts,
      observedAt: leaked ? new Date().toISOString() : null,
      answer: ofCall().length
        ? `candidates: ${candidates.map((c) => c.type).join(', ') || 'none'}`
        : 'no candidates before hang-up',
      candidates,
      ringShown: rings.has(callId),
    };
  } finally {
    socket.off('call.candidates', onCandidates);
    socket.off('call.ringing', onRinging);
  }
}

/** Resolves at the first candidates or ring of the call, at its end, or after `waitMs`. */
function firstSignOf(socket: PresenceSocket, callId: string, waitMs: number, arrived: () => boolean) {
  return new Promise<void>((resolve) => {
    if (arrived()) return resolve();
    const events = ['call.candidates', 'call.ringing', 'call.rejected', 'call.ended'] as const;
    const check = (data: { callId: string }) => {
      if (data.callId === callId) done();
    };
    const done = () => {
      clearTimeout(timer);
      for (const event of events) socket.off(event, check);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    for (const event of events) socket.on(event, check);
  });
}

/**
 * Resolves once the directory has handled this socket's cancel. The directory confirms nothing to
 * the caller, so the probe cancels once more: the second cancel is answered (`call_not_found`, the
 * call is gone) only after the first was handled, and frames on one WebSocket arrive in order. Both
 * cancels take the same path through the directory, so neither can overtake the other.
 */
function settled(socket: PresenceSocket, callId: string) {
  return new Promise<void>((resolve, reject) => {
    const onError = (data: ServerEvents['error']) => {
      if (data.event !== 'call.cancel') return;
      clearTimeout(timer);
      socket.off('error-frame', onError);
      resolve();
    };
    const timer = setTimeout(() => {
      socket.off('error-frame', onError);
      // Without the confirmation, "nothing leaked" could be wrong: say so instead.
      reject(
        new Error(
          `the directory did not confirm the hang-up of call ${callId} within ${SETTLE_TIMEOUT_MS} ms; ` +
            'candidates may still have been on their way',
        ),
      );
    }, SETTLE_TIMEOUT_MS);
    socket.on('error-frame', onError);
    socket.send('call.cancel', { callId });
  });
}
