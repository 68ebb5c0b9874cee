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
