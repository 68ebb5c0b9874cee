import { ErrorCode } from '@lab/protocol';

/**
 * A refusal the directory's services raise, in the directory's own words: a code and a sentence
 * that says what to do next. The services do not know whether the question came over HTTP or the
 * WebSocket; the filters (`domain-error.filters.ts`, `realtime/ws-exception.filter.ts`) turn it
 * into the wire's error.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: when the budget is back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const DomainErrors = {
  userNotFound: (username: string) =>
    new DomainError(ErrorCode.UserNotFound, `No user "${username}" in this directory.`),
  noAccountWithEmail: () =>
    new DomainError(
      ErrorCode.UserNotFound,
      'No account found for that e-mail address (or its holder did not choose to be found by it).',
    ),
  unknownUser: (username: string) =>
    new DomainError(ErrorCode.UnknownUser, `There is no account named "${username}".`),
  invalidCredentials: () => new DomainError(ErrorCode.InvalidCredentials, 'Wrong username or password.'),
  usernameTaken: (username: string) =>
    new DomainError(ErrorCode.UsernameTaken, `The username "${username}" is taken; choose another.`),
  cannotContactSelf: () =>
    new DomainError(ErrorCode.CannotContactSelf, 'You cannot send a contact request to yourself.'),
  alreadyContacts: (username: string) =>
    new DomainError(ErrorCode.AlreadyContacts, `You and "${username}" are already contacts.`),
  contactNotFound: (username: string) =>
    new DomainError(ErrorCode.ContactNotFound, `"${username}" is not in your contacts.`),
  contactRequestNotFound: (username: string) =>
    new DomainError(
      ErrorCode.ContactRequestNotFound,
      `There is no pending contact request from "${username}"; GET /contacts lists yours.`,
    ),
  cannotCallSelf: () => new DomainError(ErrorCode.ValidationFailed, 'You cannot call yourself.'),
  calleeOffline: (username: string) => new DomainError(ErrorCode.CalleeOffline, `"${username}" is offline.`),
  calleeUnavailable: (username: string) =>
    new DomainError(ErrorCode.CalleeUnavailable, `"${username}" cannot be called right now.`),
  callNotFound: (callId: string) =>
    new DomainError(ErrorCode.CallNotFound, `No call ${callId} of yours is in progress.`),
  callStateConflict: (message: string) => new DomainError(ErrorCode.CallStateConflict, message),
  tooManyHeldCandidates: (max: number) =>
    new DomainError(
      ErrorCode.ValidationFailed,
      `At most ${max} candidate messages per party before the call is accepted.`,
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      ErrorCode.RateLimited,
      `Too many requests from this account or address. Try again in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    ),
};
