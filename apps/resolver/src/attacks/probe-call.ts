import { DirectorySocketError } from '@lab/directory-client';
import type { Candidate } from '@lab/protocol';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';
import { Resolution, nothingLeaked } from './resolution';

export interface ProbeCallResult extends Resolution {
  candidates: Candidate[];
  /** Whether the callee's client reported showing the ring before the attacker hung up. */
  ringShown: boolean;
}

/**
 * L3 — the inconspicuous call [@LeBlond2011]: invite, collect the callee client's
 * address candidates, and cancel before its user is shown the ring. `waitMs` must stay below the
 * callee's ring delay (1.5 s for the lab's clients) for the call to go unnoticed.
 */
export async function probeCall(
  attacker: Attacker,
  username: string,
  waitMs = 600,
): Promise<ProbeCallResult> {
  const socket = await attacker.socket();
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
  let ringShown = false;
  const onRinging = (data: { callId: string }) => (ringShown ||= data.callId === callId);
  socket.on('call.ringing', onRinging);
  const arrived = await socket
    .waitFor('call.candidates', (c) => c.callId === callId, { timeoutMs: waitMs })
    .catch(() => undefined);
  socket.send('call.cancel', { callId });
  socket.off('call.ringing', onRinging);
  const candidates = arrived?.candidates ?? [];
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
    answer: arrived
      ? `candidates: ${candidates.map((c) => c.type).join(', ') || 'none'}`
      : 'no candidates before hang-up',
    candidates,
    ringShown,
  };
}
