import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { Logger } from 'pino';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { EMPTY, Observable } from 'rxjs';
import { ErrorCode, ServerMessage } from '@lab/protocol';

/**
 * Nest's WsAdapter silently drops frames it cannot route (not JSON, binary, unknown event). A lab
 * about what crosses the wire answers each of them with an `error` frame instead.
 */
export class LabWsAdapter extends WsAdapter {
  /** This directory's own logger, not Nest's one per process (which names whichever app came last). */
  constructor(
    app: INestApplicationContext,
    private readonly directoryLogger: Logger,
  ) {
    super(app);
  }

  /** A client breaking the protocol (an oversized frame, bad framing) is the client's fault: a warning. */
  override bindErrorHandler(server: { on(event: string, listener: (arg: never) => void): void }) {
    server.on('connection', (ws: { on(event: 'error', listener: (error: Error) => void): void }) =>
      ws.on('error', (error: Error & { code?: string }) =>
        this.directoryLogger.warn({ code: error.code }, `WebSocket client error: ${error.message}`),
      ),
    );
    server.on('error', (error: Error) =>
      this.directoryLogger.error({ err: error }, 'WebSocket server error'),
    );
    return server;
  }

  override bindMessageHandler(
    buffer: { data: unknown; target?: { send(text: string): void; readyState: number } },
    handlers: Map<string, MessageMappingProperties>,
    transform: (data: unknown) => Observable<unknown>,
  ): Observable<unknown> {
    const reply = (code: string, message: string, event?: string) => {
      const frame: ServerMessage = { event: 'error', data: { code, message, ...(event ? { event } : {}) } };
      return transform(frame);
    };
    if (typeof buffer.data !== 'string') {
      return reply(
        ErrorCode.BinaryNotSupported,
        'Binary frames are not part of the protocol; send JSON text frames.',
      );
    }
    let message: unknown;
    try {
      message = JSON.parse(buffer.data);
    } catch {
      return reply(
        ErrorCode.MalformedMessage,
        'That frame is not valid JSON. Send {"event": "...", "data": {...}}.',
      );
    }
    if (
      typeof message !== 'object' ||
      message === null ||
      Array.isArray(message) ||
      typeof (message as { event?: unknown }).event !== 'string'
    ) {
      return reply(
        ErrorCode.MalformedMessage,
        'A frame is a JSON object with a string "event" and an object "data".',
      );
    }
    const { event, data } = message as { event: string; data?: unknown };
    const handler = handlers.get(event);
    if (!handler) {
      return reply(
        ErrorCode.UnknownEvent,
        `Unknown event "${event.slice(0, 64)}". The events are listed in docs/protocol.md.`,
        event.slice(0, 64),
      );
    }
    try {
      return transform(handler.callback(data ?? {}, event));
    } catch {
      return EMPTY;
    }
  }
}
