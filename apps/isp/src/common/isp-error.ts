import type { HttpStatus } from '@nestjs/common';
import { ApiError } from '@lab/http-kit';
import type { ErrorCode } from '@lab/protocol';

/**
 * The lab's ApiError, written as separate sentences: the lab's JSON error body joins them into
 * one `message`, an RDAP error body lists them as its `description` (RFC 9083 section 6).
 */
export class IspError extends ApiError {
  constructor(
    status: HttpStatus,
    code: ErrorCode,
    readonly sentences: string[],
    headers?: Record<string, string>,
  ) {
    super(status, code, sentences.join(' '), undefined, headers);
  }
}
