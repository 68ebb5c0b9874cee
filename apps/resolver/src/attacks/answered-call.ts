import type { Candidate, ServerEvents } from '@lab/protocol';
import { DirectorySocketError } from '@lab/directory-client';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';
import { Resolution, nothingLeaked } from './resolution';

export interface AnsweredCallResult extends Resolution {
  candidates: Candidate[];
  answered: boolean;
}

/**
 * Peer-to-peer exposure: a stranger only needs one call picked up. Call, wait for the victim to
 * answer, read the candidates that set up the media, hang up. A relayed call (M4) gives only the
 * relay's candidate; a peer-to-peer one gives the callee's own addresses
 * [@WhatsAppIPProtection2023].
 */
export async function answeredCall(
  attacker: Attacker,
  username: string,
  timeoutMs = 4000,
): Promise<AnsweredCallResult> {
  const socket = await attacker.socket();
  const received: ServerEvents['call.candidates'][] = [];
  let callId: string | undefined;
  let answered = false;
  let wake = () => undefined as void;
  const onCandidates = (data: ServerEvents['call.candidates']) => {
    received.push(data);
    if (answered && data.callId === callId) wake();
  };
  const onAccepted = (data: ServerEvents['call.accepted']) => {
    if (data.callId !== callId) return;
    answered = true;
    // Candidates held until accept are forwarded right behind call.accepted; a relay's come once allocated.
    if (received.some((c) => c.callId === callId)) setTimeout(() => wake(), 100);
  };
  const onOver = (data: { callId: string }) => {
    if (data.callId === callId) wake();
  };
  socket.on('call.candidates', onCandidates);
  socket.on('call.accepted', onAccepted);
  socket.on('call.rejected', onOver);
  socket.on('call.ended', onOver);
  try {
    try {
      callId = await socket.invite(username);
    } catch (error) {
      if (error instanceof DirectorySocketError && error.code !== 'internal_error')
        return { ...nothingLeaked(username, error.code), candidates: [], answered: false };
      throw error;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    socket.send(answered ? 'call.hangup' : 'call.cancel', { callId });
    const candidates = received.filter((c) => c.callId === callId).flatMap((c) => c.candidates);
    const srflx = candidates.find((c) => c.type === 'srflx');
    const hosts = candidates.filter((c) => c.type === 'host').map((c) => c.address);
    const leaked = answered && (!!srflx || hosts.length > 0);
    return {
      username,
      leaked,
      publicAddress: leaked ? simulatedAddress(srflx?.address) : null,
      observedAddress: leaked ? (srflx?.address ?? null) : null,
      port: leaked ? (srflx?.port ?? null) : null,
      localAddresses: leaked ? hosts : [],
      observedAt: leaked ? new Date().toISOString() : null,
      answer: answered
        ? `answered; candidates: ${candidates.map((c) => c.type).join(', ') || 'none'}`
        : 'not answered',
      candidates,
      answered,
    };
  } finally {
    socket.off('call.candidates', onCandidates);
    socket.off('call.accepted', onAccepted);
    socket.off('call.rejected', onOver);
    socket.off('call.ended', onOver);
  }
}
