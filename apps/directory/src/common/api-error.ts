import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@lab/http-kit';

export { ApiError };
import { ErrorCode } from '@lab/protocol';

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
