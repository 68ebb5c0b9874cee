import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ErrorBody, ErrorCode } from '@lab/protocol';
import { ApiError } from './api-error';

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

/**
 * Body-parser failures reach Nest as bare 400s; this maps them, as an Express error middleware
 * placed right after the parser, to errors with a code.
 */
export function bodyParserErrors(
  error: BodyParserError,
  _req: unknown,
  _res: unknown,
  next: (error: unknown) => void,
) {
  switch (error?.type) {
    case 'entity.parse.failed':
      return next(new ApiError(400, ErrorCode.MalformedJson, 'The request body is not valid JSON.'));
    case 'entity.too.large':
      return next(
        new ApiError(413, ErrorCode.PayloadTooLarge, 'The request body is too large (16 KiB at most).'),
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(new ApiError(415, ErrorCode.UnsupportedMediaType, 'Send the body as UTF-8 JSON.'));
    default:
      return next(error);
  }
}

/** Node's request (Express's extends it; Fastify's wraps it), with the request logger's id. */
type LabRequest = { id?: unknown } | FastifyRequest;

function isFastifyReply(res: Response | FastifyReply): res is FastifyReply {
  return typeof (res as FastifyReply).code === 'function' && 'raw' in res;
}

/**
 * Turns every failure into the lab's JSON error body: a code, a sentence, the request id.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    this.reply(exception, ctx.getRequest(), ctx.getResponse());
  }

  /**
   * Writes the error body to Express's response or to Fastify's reply, with the same status,
   * headers and bytes. The request id is the request logger's, kept on Node's own request (which
   * Fastify wraps: its own `id` is another one).
   */
  reply(exception: unknown, req: LabRequest, res: Response | FastifyReply) {
    const body = this.toBody(exception);
    const id = (req as FastifyRequest).raw ? ((req as FastifyRequest).raw as LabRequest).id : req.id;
    body.requestId = id !== undefined ? String(id) : undefined;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'request failed');
    }
    const headers = exception instanceof ApiError ? exception.headers : undefined;
    if (isFastifyReply(res)) {
      if (res.sent || res.raw.headersSent) return;
      if (headers) for (const [name, value] of Object.entries(headers)) res.header(name, value);
      void res.status(body.statusCode).send(body);
      return;
    }
    if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ApiError) {
      return {
        statusCode: exception.getStatus(),
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return {
          statusCode: 404,
          code: ErrorCode.RouteNotFound,
          message: 'No such route. The API is described at /docs.',
        };
      }
      if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
        return {
          statusCode: 415,
          code: ErrorCode.UnsupportedMediaType,
          message: 'Send the body as application/json.',
        };
      }
      return {
        statusCode: status,
        code: status < 500 ? ErrorCode.ValidationFailed : ErrorCode.Internal,
        message: exception.message,
      };
    }
    return {
      statusCode: 500,
      code: ErrorCode.Internal,
      message: 'Something went wrong on the server; the request id is in its log.',
    };
  }
}
