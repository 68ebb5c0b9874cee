import type { Candidate, ServerEvents } from '@lab/protocol';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';
import { Resolution, nothingLeaked } from './resolution';

export interface CatchCallerResult extends Resolution {
  candidates: Candidate[];
  /** Whether the victim's call reached the attacker at all. */
  callReached: boolean;
}

/** How long the attacker lets the victim's call ring before rejecting it, by default. */
export const CATCH_CALLER_WAIT_MS = 1000;

/**
 * The other direction of L3: the attacker is the *callee*. When the victim calls (a call returned,
 * a number tried), the attacker reads the caller's candidates without answering, then rejects.
 * In SIP the INVITE carries the caller's address [@RFC3261]; in a libpurple Jingle call the
 * session-initiate does [@LibpurpleJingleRtp]. `whileListening` makes the victim call (the tests
 * and the profile matrix drive their own victims); from the command line one waits for a call.
 */
export async function catchCaller(
  attacker: Attacker,
  caller: string,
  options: { waitMs?: number; whileListening?: () => Promise<unknown> } = {},
): Promise<CatchCallerResult> {
  const waitMs = options.waitMs ?? CATCH_CALLER_WAIT_MS;
  const socket = await attacker.socket();
  let callId: string | undefined;
  const received: ServerEvents['call.candidates'][] = [];
  let arrived = () => undefined as void;
  const onIncoming = (data: ServerEvents['call.incoming']) => {
    if (data.from === caller && !callId) callId = data.callId;
  };
  const onCandidates = (data: ServerEvents['call.candidates']) => {
    received.push(data);
    if (data.callId === callId) arrived();
  };
  socket.on('call.incoming', onIncoming);
  socket.on('call.candidates', onCandidates);
  try {
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      arrived = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    await options.whileListening?.();
    await waited;
    if (callId) await rejectAndSettle(socket, callId);
    const candidates = received.filter((c) => c.callId === callId).flatMap((c) => c.candidates);
    if (!callId) return { ...nothingLeaked(caller, 'no call reached you'), candidates, callReached: false };
    const srflx = candidates.find((c) => c.type === 'srflx');
    const hosts = candidates.filter((c) => c.type === 'host').map((c) => c.address);
    const leaked = !!srflx || hosts.length > 0;
    return {
      username: caller,
      leaked,
      publicAddress: simulatedAddress(srflx?.address),
      observedAddress: srflx?.address ?? null,
      port: srflx?.port ?? null,
      localAddresses: hosts,
      observedAt: leaked ? new Date().toISOString() : null,
      answer: candidates.length
        ? `caller's candidates before answering: ${candidates.map((c) => c.type).join(', ')}`
        : 'a call, no candidates before answering',
      candidates,
      callReached: true,
    };
  } finally {
    socket.off('call.incoming', onIncoming);
    socket.off('call.candidates', onCandidates);
  }
}

/**
 * Rejects the call and waits until the directory has handled it: a second reject is answered
 * (`call_not_found`) only after the first, and frames on one WebSocket arrive in order, so every
 * candidate forwarded before the reject has arrived by then.
 */
function rejectAndSettle(socket: Awaited<ReturnType<Attacker['socket']>>, callId: string) {
  return new Promise<void>((resolve, reject) => {
    const onError = (data: ServerEvents['error']) => {
      if (data.event !== 'call.reject') return;
      clearTimeout(timer);
      socket.off('error-frame', onError);
      resolve();
    };
    const timer = setTimeout(() => {
      socket.off('error-frame', onError);
      reject(new Error(`the directory did not confirm the reject of call ${callId} within 5000 ms`));
    }, 5000);
    socket.on('error-frame', onError);
    socket.send('call.reject', { callId });
    socket.send('call.reject', { callId });
  });
}
