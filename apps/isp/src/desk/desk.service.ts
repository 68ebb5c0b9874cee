import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AddressPlan } from '@lab/address-plan';
import { ErrorCode } from '@lab/protocol';
import { IspError } from '../common/isp-error';
import { locateInIsp } from '../common/lab-address';
import { DESK_POLICY, SUBSCRIBER_INBOX } from '../isp.tokens';
import type { DeskPolicy } from './desk-policy';
import type { OpenCallDto, TurnDto } from './desk.dto';
import type { CallState, Claim, DeskAnswer, DeskDecision, LineOnFile } from './desk.types';
import { SubscriberInbox } from './subscriber-inbox';

interface Call {
  id: string;
  ispId: string;
  ispName: string;
  claim: Claim;
  address: string;
  at: string;
  line?: LineOnFile;
  /** The personas who live on the line: the subscriber on file hears through them. */
  members: string[];
  state: CallState;
  verifiedBy: 'facts' | 'code' | null;
  code?: string;
  wrongCodes: number;
  openedAt: number;
}

/** Calls are short: one forgotten after half an hour; at most this many kept. */
const CALL_TTL_MS = 30 * 60_000;
const MAX_CALLS = 1000;
const MAX_WRONG_CODES = 3;

const CLAIM_WORDS: Record<Claim, string> = {
  subscriber: 'the account holder',
  technician: 'one of our technicians',
  family: 'a member of your family',
  police: 'the police',
};

const same = (a: string | undefined, b: string) => !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * An ISP's support desk as a state machine: a call opens about a line at a time (`open`), the
 * caller may verify (`awaiting-code` when a code went out, `verified`), ask, guess or plead an
 * emergency, and hangs up (`ended`). Every decision about what to say is the desk policy's.
 */
@Injectable()
export class DeskService {
  private readonly calls = new Map<string, Call>();

  constructor(
    private readonly plan: AddressPlan,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
    @Inject(SUBSCRIBER_INBOX) private readonly inbox: SubscriberInbox,
  ) {}

  open(ispId: string, body: OpenCallDto): DeskAnswer {
    const located = locateInIsp(this.plan, ispId, body.address, 'POST /isps/{ispId}/desk/calls');
    const found = this.plan.householdAt(located.address);
    this.forgetOldCalls();
    const call: Call = {
      id: randomUUID(),
      ispId: located.isp.id,
      ispName: located.isp.name,
      claim: body.claim,
      address: located.address,
      at: new Date(body.at).toISOString(),
      line: found && {
        address: located.address,
        household: found.household,
        registryCity: located.prefix.location.fallback ? null : located.prefix.location.city,
      },
      members: found?.members.map((p) => p.username) ?? [],
      state: 'open',
      verifiedBy: null,
      wrongCodes: 0,
      openedAt: Date.now(),
    };
    this.calls.set(call.id, call);
    this.notify(call, {
      kind: 'desk-inquiry',
      text:
        `Someone called ${call.ispName} support about your line (${call.address}) and said they were ` +
        `${CLAIM_WORDS[call.claim]}. We give no account details to a caller; if it was not you, nothing ` +
        'was disclosed and you need do nothing.',
    });
    return this.answer(call, {
      disclose: false,
      say: `${call.ispName} support. You're calling about the line ${call.address}: how can I help?`,
    });
  }

  turn(ispId: string, callId: string, turn: TurnDto): DeskAnswer {
    const call = this.calls.get(callId);
    if (!call || call.ispId !== ispId) {
      throw new IspError(404, ErrorCode.DeskCallNotFound, [
        `No call ${callId.slice(0, 40)} at this desk (calls are forgotten after 30 minutes).`,
        `Start one with POST /isps/${ispId.slice(0, 40)}/desk/calls.`,
      ]);
    }
    if (call.state === 'ended') {
      throw new IspError(409, ErrorCode.DeskCallEnded, [
        'That call has ended.',
        `Start another with POST /isps/${call.ispId}/desk/calls.`,
      ]);
    }
    switch (turn.intent) {
      case 'hang-up':
        call.state = 'ended';
        return this.answer(call, { disclose: false, say: 'Goodbye.' });
      case 'verify':
        return turn.code !== undefined ? this.checkCode(call, turn.code) : this.checkFacts(call, turn);
      case 'guess':
        return this.guess(call, turn);
      case 'details':
        return this.answer(call, this.policy.details(call));
      case 'emergency':
        return this.answer(call, this.policy.emergency(call));
    }
  }

  private checkFacts(call: Call, turn: TurnDto): DeskAnswer {
    const decision = this.policy.checkFacts(
      { address: turn.address, connectedAt: turn.connectedAt, city: turn.city },
      call.line,
    );
    if (decision.verified) {
      call.state = 'verified';
      call.verifiedBy = 'facts';
    }
    if (decision.sendCode) {
      call.code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      call.state = 'awaiting-code';
      this.notify(call, {
        kind: 'one-time-code',
        code: call.code,
        text:
          `Your ${call.ispName} one-time code is ${call.code}. Someone on the phone is asking about your ` +
          'account: give this code only if that is you.',
      });
    }
    return this.answer(call, decision);
  }

  private checkCode(call: Call, code: string): DeskAnswer {
    const correct = call.code !== undefined && code.trim() === call.code;
    const decision = this.policy.checkCode(correct);
    if (decision.verified) {
      call.state = 'verified';
      call.verifiedBy = 'code';
      call.code = undefined; // used once
    } else if (call.code !== undefined && ++call.wrongCodes >= MAX_WRONG_CODES) {
      call.state = 'ended';
      call.code = undefined;
      return this.answer(call, {
        ...decision,
        say: `${decision.say} Three wrong codes: this call ends here.`,
      });
    }
    return this.answer(call, decision);
  }

  private guess(call: Call, turn: TurnDto): DeskAnswer {
    if (!turn.street && !turn.subscriber) {
      throw new IspError(400, ErrorCode.ValidationFailed, [
        'A guess names a street or a subscriber.',
        'Send {"intent":"guess","street":"Mill Road"} or {"intent":"guess","subscriber":"Carol Cruz"}.',
      ]);
    }
    const household = call.line?.household;
    // A street guess matches by its name, with or without the house number ("Mill Road", "3 Mill Road").
    const matches =
      !!household &&
      (turn.street === undefined ||
        same(turn.street, household.street) ||
        same(turn.street, household.street.replace(/^\d+\s+/, ''))) &&
      (turn.subscriber === undefined || same(turn.subscriber, household.subscriber));
    return this.answer(call, this.policy.answerGuess(matches));
  }

  private answer(call: Call, decision: DeskDecision & { confirmed?: boolean | null }): DeskAnswer {
    const disclosed = decision.disclose && call.line ? { ...call.line.household } : null;
    const say =
      decision.disclose && !call.line ? "I can't find a home account on that line, sorry." : decision.say;
    return {
      callId: call.id,
      ispId: call.ispId,
      address: call.address,
      claim: call.claim,
      state: call.state,
      say,
      disclosed,
      ...(decision.confirmed !== undefined && { confirmed: decision.confirmed }),
      // A pretext is named when it worked: the record read out, or a guess confirmed or denied.
      ...(decision.failure &&
        (disclosed !== null || decision.confirmed !== undefined) && { failure: decision.failure }),
      ...(decision.stoppedBy && { stoppedBy: decision.stoppedBy }),
    };
  }

  private notify(
    call: Call,
    notice: { kind: 'desk-inquiry' | 'one-time-code'; text: string; code?: string },
  ) {
    if (!this.policy.notifiesSubscriber) return;
    for (const username of call.members) {
      this.inbox.send(username, {
        at: new Date().toISOString(),
        ispId: call.ispId,
        isp: call.ispName,
        ...notice,
      });
    }
  }

  private forgetOldCalls() {
    const now = Date.now();
    for (const [id, call] of this.calls) {
      if (now - call.openedAt > CALL_TTL_MS || this.calls.size >= MAX_CALLS) this.calls.delete(id);
      else break; // a Map iterates in insertion order: the rest are younger
    }
  }
}
