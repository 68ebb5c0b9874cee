import { ArgumentsHost, Catch, ExceptionFilter, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { ErrorCode, ServerMessage } from '@lab/protocol';
import { ApiError } from '@lab/http-kit';
import { DIRECTORY_LOGGER } from '../directory.tokens';
import { DomainError } from '../common/domain-error';
import { WsError } from './ws-error';

/**
 * Sends every failure of a WebSocket handler back to that client as an `error` frame: a domain
 * refusal of a service or a refusal of the socket layer with its code, anything else as
 * `internal_error`. (Nest's
 * default filter emits an event on the server-side socket object, which a `ws` client never sees.)
 */
@Catch()
@Injectable()
export class WsExceptionFilter implements ExceptionFilter {
  constructor(@Inject(DIRECTORY_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const ws = host.switchToWs();
    const client = ws.getClient<WebSocket>();
    const event = ws.getPattern();
    let data: { code: string; message: string };
    if (exception instanceof DomainError || exception instanceof WsError) {
      data = { code: exception.code, message: exception.message };
    } else if (exception instanceof ApiError && exception.getStatus() < 500) {
      // Since Nest 12 the app's global validation pipe validates gateway messages too.
      data = { code: exception.code, message: exception.message };
    } else {
      this.logger.error({ err: exception, event }, 'WebSocket handler failed');
      data = {
        code: ErrorCode.Internal,
        message: 'Something went wrong on the server handling that message.',
      };
    }
    sendFrame(client, { event: 'error', data: { ...data, event } });
  }
}

export function sendFrame(client: WebSocket, message: ServerMessage) {
  if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
}
