import {
  ArgumentsHost,
  CallHandler,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError } from '@lab/http-kit';
import { ErrorCode } from '@lab/protocol';
import { IspError } from '../common/isp-error';
import { ISP_LOGGER } from '../isp.tokens';
import { rdapError } from './rdap-objects';
import { RDAP_MEDIA_TYPE } from './rdap.types';

/**
 * RDAP answers in its own media type (RFC 7480 section 4.2) and may be read by any web page
 * (RFC 7480 section 5.6 recommends `Access-Control-Allow-Origin: *`): the registry is public.
 */
function setRdapHeaders(res: Response) {
  res.setHeader('Content-Type', RDAP_MEDIA_TYPE);
  res.setHeader('Access-Control-Allow-Origin', '*');
}

@Injectable()
export class RdapHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    setRdapHeaders(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/** Errors of the RDAP routes as RFC 9083 error bodies, instead of the lab's usual JSON error. */
@Catch()
@Injectable()
export class RdapExceptionFilter implements ExceptionFilter {
  constructor(@Inject(ISP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = req.id !== undefined ? String(req.id) : undefined;
    const [status, code, description] = describe(exception);
    if (status >= 500) this.logger.error({ err: exception, requestId }, 'request failed');
    if (res.headersSent) return;
    setRdapHeaders(res);
    res.status(status).json(rdapError(status, code, description, requestId));
  }
}

function describe(exception: unknown): [number, string, string[]] {
  if (exception instanceof IspError) return [exception.getStatus(), exception.code, exception.sentences];
  if (exception instanceof ApiError) {
    return [exception.getStatus(), exception.code, [exception.message, ...(exception.details ?? [])]];
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return [exception.getStatus(), ErrorCode.ValidationFailed, [exception.message]];
  }
  return [500, ErrorCode.Internal, ['Something went wrong on the server; the request id is in its log.']];
}
