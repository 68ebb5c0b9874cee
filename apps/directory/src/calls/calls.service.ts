import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Candidate, ErrorCode } from '@lab/protocol';
import { OUTSIDE_LAB, labLanAddressOrPlaceholder, labPublicAddressOrPlaceholder } from '@lab/sandbox';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { DIRECTORY_LOGGER, DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { PresenceService } from '../presence/presence.service';
import { WsError } from '../realtime/ws-error';

type CallState = 'inviting' | 'ringing' | 'accepted';

interface Party {
  id: number;
  username: string;
}

interface Call {
  id: string;
  caller: Party;
  callee: Party;
  state: CallState;
  /** Candidates held back until the callee's user accepts (M3). */
  held: { from: Party; candidates: Candidate[] }[];
}

/**
 * Call signalling: invite, ringing, accept, reject, cancel, hang up, and the exchange of address
 * candidates between the two clients. Whether candidates flow before the callee's *user* accepts
 * is the policy's decision (L3 / M3).
 */
@Injectable()
export class CallsService {
  private readonly calls = new Map<string, Call>();

  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    @Inject(DIRECTORY_LOGGER) private readonly logger: Logger,
    private readonly accounts: AccountsService,
    private readonly presence: PresenceService,
  ) {}

  async invite(caller: AuthenticatedAccount, username: string): Promise<string> {
    const callee = await this.accounts.findByUsername(username);
    const uniform = this.policy.uniformAnswers;
    if (!callee) {
      if (uniform) throw this.unavailable(username);
      throw new WsError(ErrorCode.UserNotFound, `No user "${username}" in this directory.`);
    }
    if (callee.id === caller.id) throw new WsError(ErrorCode.ValidationFailed, 'You cannot call yourself.');
    if (!this.presence.isOnline(callee.id)) {
      if (uniform) throw this.unavailable(username);
      throw new WsError(ErrorCode.CalleeOffline, `"${username}" is offline.`);
    }
    const call: Call = {
      id: randomUUID(),
      caller: { id: caller.id, username: caller.username },
      callee: { id: callee.id, username: callee.username },
      state: 'inviting',
      held: [],
    };
    this.calls.set(call.id, call);
    this.presence.send(caller.id, {
      event: 'call.created',
      data: { callId: call.id, username: callee.username },
    });
    this.presence.send(callee.id, {
      event: 'call.incoming',
      data: { callId: call.id, from: caller.username },
    });
    this.logger.info({ callId: call.id, caller: caller.username, callee: callee.username }, 'call invited');
    return call.id;
  }

  candidates(sender: AuthenticatedAccount, callId: string, candidates: Candidate[]) {
    const call = this.partyCall(sender, callId);
    const from = call.caller.id === sender.id ? call.caller : call.callee;
    const clean = candidates.map(labCandidate);
    if (this.policy.holdCandidatesUntilAccepted && call.state !== 'accepted') {
      call.held.push({ from, candidates: clean });
      this.logger.info(
        { callId, from: from.username, candidates: clean, state: call.state },
        'candidates held until accept',
      );
      return;
    }
    this.forward(call, from, clean);
  }

  ringing(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state !== 'inviting') return;
    call.state = 'ringing';
    this.presence.send(call.caller.id, { event: 'call.ringing', data: { callId } });
  }

  accept(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state === 'accepted')
      throw new WsError(ErrorCode.CallStateConflict, 'This call is already accepted.');
    call.state = 'accepted';
    this.presence.send(call.caller.id, { event: 'call.accepted', data: { callId } });
    for (const { from, candidates } of call.held.splice(0)) this.forward(call, from, candidates);
  }

  reject(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state === 'accepted')
      throw new WsError(ErrorCode.CallStateConflict, 'An accepted call is ended with call.hangup.');
    this.end(call);
    this.presence.send(call.caller.id, { event: 'call.rejected', data: { callId } });
  }

  cancel(caller: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(caller, callId, 'caller');
    if (call.state === 'accepted')
      throw new WsError(ErrorCode.CallStateConflict, 'An accepted call is ended with call.hangup.');
    this.end(call);
    this.presence.send(call.callee.id, { event: 'call.cancelled', data: { callId } });
  }

  hangup(party: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(party, callId);
    if (call.state !== 'accepted') {
      throw new WsError(
        ErrorCode.CallStateConflict,
        'This call was not accepted: the caller cancels it, the callee rejects it.',
      );
    }
    this.end(call);
    const other = call.caller.id === party.id ? call.callee : call.caller;
    this.presence.send(other.id, { event: 'call.ended', data: { callId, reason: 'hangup' } });
  }

  /** A party's connection went away: end its calls and tell the other side. */
  disconnected(accountId: number) {
    for (const call of [...this.calls.values()]) {
      if (call.caller.id !== accountId && call.callee.id !== accountId) continue;
      this.end(call);
      const other = call.caller.id === accountId ? call.callee : call.caller;
      if (call.state !== 'accepted' && other === call.callee) {
        this.presence.send(other.id, { event: 'call.cancelled', data: { callId: call.id } });
      } else {
        this.presence.send(other.id, {
          event: 'call.ended',
          data: { callId: call.id, reason: 'disconnected' },
        });
      }
    }
  }

  activeCount() {
    return this.calls.size;
  }

  private forward(call: Call, from: Party, candidates: Candidate[]) {
    const to = from.id === call.caller.id ? call.callee : call.caller;
    this.presence.send(to.id, {
      event: 'call.candidates',
      data: { callId: call.id, from: from.username, candidates },
    });
    this.logger.info(
      { callId: call.id, from: from.username, to: to.username, candidates },
      'candidates forwarded',
    );
  }

  private end(call: Call) {
    call.held = [];
    this.calls.delete(call.id);
  }

  private partyCall(account: AuthenticatedAccount, callId: string, role?: 'caller' | 'callee'): Call {
    const call = this.calls.get(callId);
    const isCaller = call?.caller.id === account.id;
    const isCallee = call?.callee.id === account.id;
    if (!call || !(isCaller || isCallee)) {
      throw new WsError(ErrorCode.CallNotFound, `No call ${callId} of yours is in progress.`);
    }
    if (role === 'caller' && !isCaller)
      throw new WsError(ErrorCode.CallStateConflict, 'Only the caller can do that.');
    if (role === 'callee' && !isCallee)
      throw new WsError(ErrorCode.CallStateConflict, 'Only the callee can do that.');
    return call;
  }

  private unavailable(username: string) {
    return new WsError(ErrorCode.CalleeUnavailable, `"${username}" cannot be called right now.`);
  }
}

/** The directory never forwards an address the lab does not own. */
function labCandidate(candidate: Candidate): Candidate {
  const address =
    candidate.type === 'host'
      ? labLanAddressOrPlaceholder(candidate.address)
      : labPublicAddressOrPlaceholder(candidate.address);
  return { type: candidate.type, address, port: address === OUTSIDE_LAB ? 0 : candidate.port };
}
