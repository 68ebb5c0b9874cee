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
};
