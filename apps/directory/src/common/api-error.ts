import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@lab/protocol';

/** An error with a code and a sentence that says what to do next; the HTTP filter adds the request id. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
    readonly headers?: Record<string, string>,
  ) {
    super({ code, message, details }, status);
  }
}

export const Errors = {
  unauthorized: () =>
    new ApiError(
      HttpStatus.UNAUTHORIZED,
      ErrorCode.Unauthorized,
      'Missing, expired or unknown bearer token. Log in with POST /sessions and send "Authorization: Bearer <token>".',
    ),
  userNotFound: (username: string) =>
    new ApiError(HttpStatus.NOT_FOUND, ErrorCode.UserNotFound, `No user "${username}" in this directory.`),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.RateLimited,
      `Too many requests from this account or address. Try again in ${retryAfterSeconds} s.`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    ),
};
