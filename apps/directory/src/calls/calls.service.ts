import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Candidate, ErrorCode } from '@lab/protocol';
import { OUTSIDE_LAB, labLanAddressOrPlaceholder, labPublicAddressOrPlaceholder } from '@lab/sandbox';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { AccountsService } from '../accounts/accounts.service';
import { Relations } from '../contacts/relations';
import { DIRECTORY_LOGGER, DIRECTORY_POLICY } from '../directory.tokens';
import type { CallRoute, CallState, DirectoryPolicy, InviteAnswer } from '../policy/directory-policy';
import { PresenceService } from '../presence/presence.service';
import { DomainErrors } from '../common/domain-error';
import { RelayAllocator, RelayQuotaExceeded } from './relay-allocator';

/** How many candidate messages each party may have held before accept (M3). */
const MAX_HELD_BATCHES = 4;

interface Party {
  id: number;
  username: string;
}

interface Call {
  id: string;
  caller: Party;
  callee: Party;
  state: CallState;
  /** M4: a relayed call's parties get the relay's candidate, never each other's. */
  route: CallRoute;
  /** Candidates held back until the callee's user accepts (M3). */
  held: { from: Party; candidates: Candidate[] }[];
  /** The policy answered the invite with silence: the callee never hears of this call. */
  swallowed: boolean;
}

/** The callee of a swallowed call: no account has this id, so no one but the caller is a party. */
const NOBODY = -1;

/**
 * Call signalling: invite, ringing, accept, reject, cancel, hang up, and the exchange of address
 * candidates between the two clients. The policy decides what an invite becomes (L3, L4), which
 * route a call takes (M4), and what happens to candidates in each state of the call (L3 / M3);
 * this service only carries out its answers.
 */
@Injectable()
export class CallsService {
  private readonly calls = new Map<string, Call>();

  constructor(
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    @Inject(DIRECTORY_LOGGER) private readonly logger: Logger,
    private readonly accounts: AccountsService,
    private readonly presence: PresenceService,
    private readonly relations: Relations,
    private readonly relay: RelayAllocator,
  ) {}

  async invite(caller: AuthenticatedAccount, username: string): Promise<string> {
    const callee = await this.accounts.findByUsername(username);
    if (callee?.id === caller.id) throw DomainErrors.cannotCallSelf();
    const standing = await this.relations.standing(caller.id, callee);
    const online = callee !== undefined && this.presence.isOnline(callee.id);
    const answer = this.policy.inviteAnswer({ standing, online });
    if (answer.kind === 'refuse') throw refusal(answer.code, username);
    if (answer.kind === 'swallow' || !callee || standing === 'missing') return this.swallow(caller, username);
    const route = this.policy.callRoute(standing);
    const call: Call = {
      id: randomUUID(),
      caller: { id: caller.id, username: caller.username },
      callee: { id: callee.id, username: callee.username },
      state: 'inviting',
      route,
      held: [],
      swallowed: false,
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
    this.logger.info(
      { callId: call.id, caller: caller.username, callee: callee.username, route },
      'call invited',
    );
    return call.id;
  }

  /**
   * The policy answered a `call.invite` with silence (M2, for a stranger or a missing user): the
   * caller gets `call.created` exactly as for a call that rings, and nobody else hears anything.
   * The call has no callee — not even a real user's id, so that user going offline cannot end it
   * and tell the caller — and lasts until the caller cancels it or goes away.
   */
  private swallow(caller: AuthenticatedAccount, username: string): string {
    const call: Call = {
      id: randomUUID(),
      caller: { id: caller.id, username: caller.username },
      callee: { id: NOBODY, username },
      state: 'inviting',
      route: 'direct',
      held: [],
      swallowed: true,
    };
    this.calls.set(call.id, call);
    this.presence.send(caller.id, { event: 'call.created', data: { callId: call.id, username } });
    this.logger.info({ callId: call.id, caller: caller.username, callee: username }, 'call swallowed');
    return call.id;
  }

  candidates(sender: AuthenticatedAccount, callId: string, candidates: Candidate[]) {
    const call = this.partyCall(sender, callId);
    const from = call.caller.id === sender.id ? call.caller : call.callee;
    const clean = candidates.map(labCandidate);
    // A swallowed call has nobody to give them to.
    switch (call.swallowed ? 'drop' : this.policy.candidatesIn(this.asked(call, from))) {
      case 'drop':
        this.logger.info({ callId, from: from.username, candidates: clean }, 'candidates dropped');
        return;
      case 'hold':
        // A client offers its candidates once or twice; an unanswered call must not grow without bound.
        if (call.held.filter((h) => h.from.id === from.id).length >= MAX_HELD_BATCHES)
          throw DomainErrors.tooManyHeldCandidates(MAX_HELD_BATCHES);
        call.held.push({ from, candidates: clean });
        this.logger.info(
          { callId, from: from.username, candidates: clean, state: call.state },
          'candidates held until accept',
        );
        return;
      case 'forward':
        this.forward(call, from, clean);
    }
  }

  ringing(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state !== 'inviting') return;
    call.state = 'ringing';
    // A policy may forward at the ring what it held at the invite (a SIP 180 carries the callee's
    // contact); the rest stays held until accept.
    this.release(call, 'keep');
    this.presence.send(call.caller.id, { event: 'call.ringing', data: { callId } });
  }

  async accept(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state === 'accepted') throw DomainErrors.callStateConflict('This call is already accepted.');
    call.state = 'accepted';
    // The route was decided at invite; a contact removed while the phone rang is a stranger by now.
    if (call.route === 'direct')
      call.route = this.policy.callRoute(await this.relations.relation(call.caller.id, call.callee.id));
    this.presence.send(call.caller.id, { event: 'call.accepted', data: { callId } });
    if (call.route === 'relayed') {
      call.held = []; // held direct candidates are never released into a relayed call
      return this.relayCandidates(call);
    }
    // What was held until accept goes now, as far as the policy forwards anything in this state.
    this.release(call, 'discard');
  }

  /** Forwards the held candidates the policy forwards in the call's state; keeps or discards the rest. */
  private release(call: Call, rest: 'keep' | 'discard') {
    const kept: Call['held'] = [];
    for (const batch of call.held.splice(0)) {
      if (this.policy.candidatesIn(this.asked(call, batch.from)) === 'forward')
        this.forward(call, batch.from, batch.candidates);
      else if (rest === 'keep') kept.push(batch);
    }
    call.held.push(...kept);
  }

  /** What the policy is told about candidates from this party in this call. */
  private asked(call: Call, from: Party) {
    return {
      state: call.state,
      route: call.route,
      sender: from.id === call.caller.id ? 'caller' : 'callee',
    } as const;
  }

  reject(callee: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(callee, callId, 'callee');
    if (call.state === 'accepted')
      throw DomainErrors.callStateConflict('An accepted call is ended with call.hangup.');
    this.end(call);
    this.presence.send(call.caller.id, { event: 'call.rejected', data: { callId } });
  }

  cancel(caller: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(caller, callId, 'caller');
    if (call.state === 'accepted')
      throw DomainErrors.callStateConflict('An accepted call is ended with call.hangup.');
    this.end(call);
    this.presence.send(call.callee.id, { event: 'call.cancelled', data: { callId } });
  }

  hangup(party: AuthenticatedAccount, callId: string) {
    const call = this.partyCall(party, callId);
    if (call.state !== 'accepted') {
      throw DomainErrors.callStateConflict(
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

  /**
   * M4: an allocation on the relay, and to each party one candidate — the relay's address and port
   * and that party's own token. Allocated only once the callee's user accepted, so unanswered
   * probe calls cost the relay nothing. If the relay fails the call ends: never direct instead.
   */
  private async relayCandidates(call: Call) {
    let allocation;
    try {
      allocation = await this.relay.allocate(call.id, [call.caller.id, call.callee.id]);
    } catch (error) {
      const quota = error instanceof RelayQuotaExceeded ? error : undefined;
      if (quota) this.logger.info({ callId: call.id }, 'relay quota reached: ending the call');
      else this.logger.error({ callId: call.id, err: error }, 'relay allocation failed: ending the call');
      if (this.calls.get(call.id) !== call) return;
      this.end(call);
      for (const party of [call.caller, call.callee]) {
        this.presence.send(party.id, {
          event: 'call.ended',
          data: { callId: call.id, reason: quota ? 'relay_quota_exceeded' : 'relay_unavailable' },
        });
        // The party over its quota is told why, and what to do; the other only that the call ended.
        if (quota?.accountIds.includes(party.id)) this.presence.send(party.id, relayQuotaFrame(quota));
      }
      return;
    }
    if (this.calls.get(call.id) !== call) return; // hung up meanwhile; the allocation expires unused
    const sides = [
      { to: call.caller, from: call.callee, token: allocation.tokens.caller },
      { to: call.callee, from: call.caller, token: allocation.tokens.callee },
    ];
    for (const { to, from, token } of sides) {
      const candidate: Candidate = {
        type: 'relay',
        address: allocation.relayAddress,
        port: allocation.relayPort,
        token,
      };
      this.presence.send(to.id, {
        event: 'call.candidates',
        data: { callId: call.id, from: from.username, candidates: [candidate] },
      });
    }
    // No token in the log: whoever reads it must not be able to join the call.
    this.logger.info(
      {
        callId: call.id,
        allocationId: allocation.allocationId,
        relay: `${allocation.relayAddress}:${allocation.relayPort}`,
      },
      'call relayed',
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
      throw DomainErrors.callNotFound(callId);
    }
    if (role === 'caller' && !isCaller) throw DomainErrors.callStateConflict('Only the caller can do that.');
    if (role === 'callee' && !isCallee) throw DomainErrors.callStateConflict('Only the callee can do that.');
    return call;
  }
}

/** The error of a refused invite, as the policy chose it. */
function refusal(code: Extract<InviteAnswer, { kind: 'refuse' }>['code'], username: string) {
  switch (code) {
    case 'user_not_found':
      return DomainErrors.userNotFound(username);
    case 'callee_offline':
      return DomainErrors.calleeOffline(username);
    case 'callee_unavailable':
      return DomainErrors.calleeUnavailable(username);
  }
}

function relayQuotaFrame(quota: RelayQuotaExceeded) {
  return {
    event: 'error' as const,
    data: {
      code: ErrorCode.RelayQuotaExceeded,
      message:
        'Too many of your relayed calls were accepted and never connected to the relay. Each is freed ' +
        `once both sides connect, or when it expires unused: call again in ${quota.retryAfterSeconds} s.`,
    },
  };
}

/** The directory never forwards an address the lab does not own. */
function labCandidate(candidate: Candidate): Candidate {
  const address =
    candidate.type === 'host'
      ? labLanAddressOrPlaceholder(candidate.address)
      : labPublicAddressOrPlaceholder(candidate.address);
  return { type: candidate.type, address, port: address === OUTSIDE_LAB ? 0 : candidate.port };
}
