import type { Claim, DeskDecision, DeskFix, DeskVariant, LineOnFile, OfferedFacts } from './desk.types';

/** Who the caller claims to be, and how (if at all) the desk verified them. */
export interface CallerStanding {
  claim: Claim;
  verifiedBy: 'facts' | 'code' | null;
}

/**
 * Every decision a support desk makes about a caller, as hooks the desk's state machine calls
 * (desk.service.ts). `vulnerable-desk.policy.ts` answers each the way pretexters count on;
 * `fixed-desk.policy.ts` answers each the way the FCC's CPNI rules ask [@FCCCPNI2007]. The service
 * never asks which desk it is.
 */
export interface DeskPolicy {
  readonly variant: DeskVariant;
  /** The fixes this desk applies (its banner lists them). */
  readonly fixes: readonly DeskFix[];

  /** The caller offers facts to prove they are the account holder. `line` is absent for no household. */
  checkFacts(
    offered: OfferedFacts,
    line: LineOnFile | undefined,
  ): DeskDecision & { verified: boolean; sendCode: boolean };

  /** The caller reads back a one-time code; `correct` says whether it was the one sent. */
  checkCode(correct: boolean): DeskDecision & { verified: boolean };

  /** The caller guesses a detail ("is that the account on Mill Road?"). `matches` is the truth. */
  answerGuess(matches: boolean): DeskDecision & { confirmed: boolean | null };

  /** The caller asks for the name and street on the account. */
  details(call: CallerStanding): DeskDecision;

  /** The caller says it is an emergency and asks for the address at once. */
  emergency(call: CallerStanding): DeskDecision;

  /** Does the subscriber on file hear of every inquiry about their line? */
  readonly notifiesSubscriber: boolean;
}
