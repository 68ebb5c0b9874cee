import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { json } from 'express';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestLogger } from '@lab/logging';
import { MAX_HTTP_BODY_BYTES } from '@lab/protocol';
import { HttpExceptionFilter, bodyParserErrors } from './http-exception.filter';

/**
 * What an app on Fastify needs so that a client cannot tell it from the same app on Express: the
 * same URL rules, the same body parsing and its errors, the same request log lines and ids.
 *
 * Fastify's router is told Express's rules: paths match whatever their case and with or without a
 * trailing slash, and a route parameter has no length limit of its own (Fastify's 100 characters
 * would turn a long username into a 414 before the username rule could answer 400; Node's header
 * size limit still bounds the URL).
 */
export function labFastifyAdapter(
  frameworkError: (error: Error, req: FastifyRequest, reply: FastifyReply) => void,
) {
  return new FastifyAdapter({
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: Number.MAX_SAFE_INTEGER,
    },
    // Request ids are the request logger's (X-Request-ID honoured), as on Express.
    requestIdHeader: false,
    // While closing, a request on a kept-alive connection is answered as usual, as on Express, not
    // with a 503 body of Fastify's own.
    return503OnClosing: false,
    // The router refuses a route parameter it cannot percent-decode before any hook runs.
    frameworkErrors: frameworkError,
  });
}

/**
 * Mounts the request logger and the JSON body parser as `onRequest` hooks, in the order Express runs
 * them as middleware: the logger first, then the parser, both before the route's guards, pipes and
 * handler, and for unknown routes too.
 */
export function setUpFastifyApp(
  app: NestFastifyApplication,
  options: { httpLogger: RequestLogger; jsonBody: boolean },
) {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) =>
    logRequest(options.httpLogger, request, reply, done),
  );

  // Express names the charset of every text it sends (Swagger UI's page and script among them);
  // Fastify only of the types it picks itself.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof payload === 'string' && typeof type === 'string' && !/;\s*charset=/i.test(type)) {
      reply.header('content-type', `${type}; charset=utf-8`);
    }
    done(null, payload);
  });

  // Fastify's own body handling differs from Express's in details the tests pin (JSON scalars,
  // empty bodies, charsets, compressed bodies, other and malformed content types answered 415, GET
  // bodies never read). So Fastify is told that no method has a body, which it then never parses,
  // and Express's own parser runs instead, on Node's request, in the place Express runs it.
  for (const method of BODY_METHODS)
    fastify.addHttpMethod(method, { hasBody: false, overrideExisting: true });
  if (!options.jsonBody) return;
  const parse = json({ limit: MAX_HTTP_BODY_BYTES, strict: true });
  fastify.addHook('onRequest', (request, reply, done) => {
    parse(request.raw, reply.raw, (error?: unknown) => {
      if (error)
        return bodyParserErrors(error as Error, undefined, undefined, (mapped) => done(mapped as Error));
      request.body = (request.raw as IncomingMessage & { body?: unknown }).body;
      done();
    });
  });
}

/**
 * Runs the request logger on Node's request, dressed as Express hands it to its middleware: with
 * its query string parsed (Express's default "simple" parser is Node's querystring) and its route
 * parameters still empty. pino's request serializer logs both, so the lines stay the same.
 */
function logRequest(
  httpLogger: RequestLogger,
  request: FastifyRequest,
  reply: FastifyReply,
  next: () => void,
) {
  const raw = request.raw as IncomingMessage & { query?: unknown; params?: unknown };
  const url = raw.url ?? '';
  const at = url.indexOf('?');
  raw.query = parseQuery(at < 0 ? '' : url.slice(at + 1));
  raw.params = {};
  httpLogger(raw, reply.raw as ServerResponse, next);
}

/** The methods Fastify reads a body for that the lab's routes (or its unknown routes) see. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The router's refusals, which come before every hook: a path that is not valid percent-encoding.
 * Express's router decodes only route parameters: a path whose bad segment sits where a route has
 * a parameter is a 400 with Express's message (Nest maps its URIError to a bad request), any other
 * is an unknown route. Either way the request is logged and gets its id like any other.
 */
export function fastifyFrameworkErrors(httpLogger: RequestLogger, filter: HttpExceptionFilter) {
  return (error: Error, request: FastifyRequest, reply: FastifyReply) => {
    logRequest(httpLogger, request, reply, () => {
      filter.reply(routerRefusal(error, request), request, reply);
    });
  };
}

function routerRefusal(error: Error, request: FastifyRequest): unknown {
  const segments = (request.raw.url ?? '/').split('?')[0].split('/');
  const undecodable = segments.find((segment) => !decodes(segment));
  if (undecodable === undefined) return error;
  const standIn = segments.map((segment) => (decodes(segment) ? segment : '_')).join('/');
  const route = request.server.findRoute({ method: request.raw.method as never, url: standIn });
  return route ? new BadRequestException(`Failed to decode param '${undecodable}'`) : new NotFoundException();
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
