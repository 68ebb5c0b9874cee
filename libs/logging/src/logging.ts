import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { OUTSIDE_LAB, labPublicAddressOrPlaceholder } from '@lab/sandbox';
import pretty from 'pino-pretty';

/**
 * One logging setup for every app of the lab: structured JSON (pretty on a terminal), a base of
 * `{ service, version }`, request ids honoured from `X-Request-ID` and echoed back, health checks
 * left out of request logs, and one central redaction list.
 *
 * Why pino and a request logger of its own, not nestjs-pino: nestjs-pino keeps one pino-http
 * instance per process, and the lab runs a vulnerable and a fixed directory side by side in one process, each with its
 * own redaction (that difference is the lesson of L5/M6). Each app here gets its own logger.
 */
export interface LoggingOptions {
  service: string;
  version: string;
  level?: string;
  /** Extra paths to censor, on top of the secrets that are always censored. */
  redact?: readonly string[];
  /** Where lines go (default: stdout, pretty when it is a terminal). Tests pass a collector. */
  destination?: DestinationStream;
}

/**
 * Never logged, in any variant: credentials (not the lesson) and forwarding headers (a client can
 * put any address there, and the lab never records an address it does not own).
 */
export const ALWAYS_REDACTED: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-forwarded-for"]',
  'req.headers["x-real-ip"]',
  'req.headers.cookie',
  'req.query.access_token',
  'password',
  'token',
];

interface SerializedRequest {
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
  raw?: IncomingMessage;
}

const LOGGED_HEADERS = new Set([
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'x-request-id',
  'authorization', // censored by ALWAYS_REDACTED
  'upgrade',
]);

/** The request's headers worth logging, in the order the client sent them. */
function loggedHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) if (LOGGED_HEADERS.has(name)) kept[name] = headers[name];
  return kept;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(['/healthz', '/.well-known/lastseen-lab']);

export function createLogger(options: LoggingOptions): Logger {
  const destination =
    options.destination ??
    (process.stdout.isTTY
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l' })
      : pino.destination(1));
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, version: options.version },
      redact: { paths: [...ALWAYS_REDACTED, ...(options.redact ?? [])], censor: '[redacted]' },
    },
    destination,
  );
}

/** Express-style middleware: the request logger every lab app mounts first. */
export type RequestLogger = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * One line per request, written when the response is done, in pino-http's shape: `req`, `res`,
 * `responseTime` (and `err` for a server fault), "request completed", "request aborted" or
 * "request errored". Written here rather than by pino-http, which binds the request into a child
 * logger as it arrives — serializing, redacting and stringifying it on every request, even when
 * the line's level is off. Here the request is read as it arrives (its socket may be gone by the
 * time the response ends) and redacted and stringified once, with the line, only if it is written.
 */
export function createHttpLogger(logger: Logger): RequestLogger {
  // The response and error serializers pino-http adds; the request is serialized by requestForLog.
  const log = logger.child(
    {},
    { serializers: { res: pino.stdSerializers.res, err: pino.stdSerializers.err } },
  );
  return (req, res, next) => {
    const withId = req as IncomingMessage & { id?: string };
    withId.id ??= requestId(req, res);
    const startedAt = Date.now();
    const serializedReq = requestForLog(req);
    const writeLine = (error?: Error) => {
      // Refused lookups are what a lab about attacks is made of: info. Only server faults are errors.
      const level = error || res.statusCode >= 500 ? 'error' : 'info';
      if (!log.isLevelEnabled(level)) return;
      const responseTime = Date.now() - startedAt;
      const fault = error ?? (res as { err?: Error }).err;
      if (fault || res.statusCode >= 500) {
        const err = fault ?? new Error(`failed with status code ${res.statusCode}`);
        log[level]({ req: serializedReq, res, err, responseTime }, 'request errored');
      } else {
        const ended = !req.readableAborted && res.writableEnded;
        log.info({ req: serializedReq, res, responseTime }, ended ? 'request completed' : 'request aborted');
      }
    };
    const done = (error?: Error) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      writeLine(error);
    };
    // Health checks and the banner are left out, unless their response fails.
    res.on('error', done);
    if (QUIET_PATHS.has((req.url ?? '').split('?')[0])) return next();
    res.on('close', done);
    res.on('finish', done);
    next();
  };
}

/** The request id: the client's `X-Request-ID` if it is a sane one, else a new one; echoed back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-ID', id);
  return id;
}

/** The request as its log line shows it (pino's standard request fields, then the lab's rules). */
function requestForLog(req: IncomingMessage): SerializedRequest {
  const serialized = pino.stdSerializers.req(req) as SerializedRequest;
  // Even a log in clear never records an address the lab does not own (a participant's own).
  const socket = serialized.raw?.socket;
  // A browser's WebSocket carries its token in the URL: never log it there either.
  if (serialized.url?.includes('access_token='))
    serialized.url = serialized.url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');
  const address = labPublicAddressOrPlaceholder(socket?.remoteAddress);
  serialized.remoteAddress = address;
  serialized.remotePort = address === OUTSIDE_LAB ? undefined : socket?.remotePort;
  // Only the headers worth reading are logged: Forwarded, True-Client-IP and their kind can carry
  // any address a client likes.
  if (serialized.headers) serialized.headers = loggedHeaders(serialized.headers);
  return serialized;
}

/**
 * The logger of the app whose work is running. Nest has one logger per process (`Logger`'s static
 * instance, replaced by every `NestFactory.create`), so with several apps in one process — the
 * lab's directories, relay, ISP and on-demand directories — its messages would all carry the name
 * of the app created last, even after that app is gone. Each app is started inside
 * `withAppLogger`, so its servers, connections and timers carry its own logger.
 */
const appLogger = new AsyncLocalStorage<Logger>();

/** Runs `start` (an app's start-up, or its shutdown) with `logger` as the logger of all it sets in motion. */
export function withAppLogger<T>(logger: Logger, start: () => T): T {
  return appLogger.run(logger, start);
}

/**
 * Adapts a pino logger to Nest's LoggerService, so Nest's own messages come out as JSON too. Each
 * message goes to the logger of the app it comes from (see `withAppLogger`); the one given here is
 * used only outside any app's work.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly fallback: Logger) {}

  private get logger(): Logger {
    return appLogger.getStore() ?? this.fallback;
  }

  /** Nest's own `log` lines are start-up chatter (modules, routes): debug level here. */
  log(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    // Nest passes the context (a class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
      this.logger[level]({ context, stack }, String(message));
    }
  }
}
