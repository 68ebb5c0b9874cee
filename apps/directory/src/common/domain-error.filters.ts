import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Logger } from 'pino';
import { ErrorCode } from '@lab/protocol';
import { ApiError, HttpExceptionFilter } from '@lab/http-kit';
import { DomainError } from './domain-error';

/** The HTTP status of each refusal the directory's services raise. */
const HTTP_STATUS: Partial<Record<ErrorCode, HttpStatus>> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CannotContactSelf]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.UnknownUser]: HttpStatus.NOT_FOUND,
  [ErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.ContactNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.ContactRequestNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.UsernameTaken]: HttpStatus.CONFLICT,
  [ErrorCode.AlreadyContacts]: HttpStatus.CONFLICT,
  [ErrorCode.CallStateConflict]: HttpStatus.CONFLICT,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
};

/** A domain refusal as the HTTP API sends it (a code without a status is a bug: 500). */
export function toApiError(error: DomainError): ApiError {
  const status = HTTP_STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
  const headers =
    error.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
  return new ApiError(status, error.code, error.message, undefined, headers);
}

/** Maps domain refusals to the lab's JSON error bodies; everything else goes on as it was. */
@Catch(DomainError)
export class DomainErrorHttpFilter implements ExceptionFilter {
  private readonly http: HttpExceptionFilter;

  constructor(logger: Logger) {
    this.http = new HttpExceptionFilter(logger);
  }

  catch(exception: DomainError, host: ArgumentsHost) {
    this.http.catch(toApiError(exception), host);
  }
}
