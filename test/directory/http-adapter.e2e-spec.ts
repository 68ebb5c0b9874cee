import { gzipSync } from 'node:zlib';
import { MAX_HTTP_BODY_BYTES } from '@lab/protocol';
import { LabUser, TestDirectory, startTestDirectory } from '../support/lab-harness';
import { RawAnswer, rawHttp } from '../support/raw-http';

// The directory runs on Nest's Fastify adapter (it answers a lookup with less CPU than Express:
// docs/architecture.md). A client must not be able to tell: the same requests, sent to the same
// directory on each adapter, get the same status, headers and bytes, and leave the same log line.

/** Where this suite's raw requests come from (a lab address: its log lines show it). */
const RAW_ADDRESS = '127.0.113.83';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
  /** Adds the bearer token of this directory's `mallory`. */
  auth?: boolean;
}

function send(url: string, given: Case, requestId: string, token?: string): Promise<RawAnswer> {
  return rawHttp(url, {
    method: given.method,
    path: given.path,
    headers: {
      ...(given.body !== undefined && !given.chunked
        ? { 'content-length': String(Buffer.byteLength(given.body)) }
        : {}),
      'x-request-id': requestId,
      ...(given.auth && token ? { authorization: `Bearer ${token}` } : {}),
      ...given.headers,
    },
    body: given.body,
    chunked: given.chunked,
    localAddress: RAW_ADDRESS,
  });
}

/** What differs between any two directories whatever the adapter: the clock, the ports. */
function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"(time|responseTime|remotePort|pid)":\d+/g, '"$1":0')
    .replace(/"host":"127\.0\.0\.1:\d+"/g, '"host":"127.0.0.1:<port>"');
}

const tooLarge = JSON.stringify({ username: 'dave', password: 'x'.repeat(MAX_HTTP_BODY_BYTES) });

const CASES: Case[] = [
  { name: 'a lookup', method: 'GET', path: '/users/carol', auth: true },
  { name: 'a lookup, upper-case path', method: 'GET', path: '/USERS/carol', auth: true },
  { name: 'a lookup, trailing slash', method: 'GET', path: '/users/carol/', auth: true },
  { name: 'a lookup with a query string', method: 'GET', path: '/users/carol?x=1&x=2&y', auth: true },
  { name: 'HEAD of a lookup', method: 'HEAD', path: '/users/carol', auth: true },
  { name: 'OPTIONS of a lookup', method: 'OPTIONS', path: '/users/carol', auth: true },
  { name: 'an unknown user', method: 'GET', path: '/users/nobody', auth: true },
  { name: 'a lookup without a token', method: 'GET', path: '/users/carol' },
  { name: 'a 5,000-character username', method: 'GET', path: `/users/${'a'.repeat(5000)}`, auth: true },
  { name: 'an upper-case username', method: 'GET', path: '/users/CAROL', auth: true },
  { name: 'a username that does not decode', method: 'GET', path: '/users/%E0%A4%A', auth: true },
  { name: 'a path that does not decode', method: 'GET', path: '/%', auth: true },
  { name: 'a static segment that does not decode', method: 'GET', path: '/us%ZZers/carol', auth: true },
  { name: 'an unknown route', method: 'GET', path: '/nope' },
  { name: 'HEAD of an unknown route', method: 'HEAD', path: '/nope' },
  { name: 'a known path, another method', method: 'DELETE', path: '/accounts' },
  { name: 'a doubled slash', method: 'GET', path: '//users/carol', auth: true },
  { name: 'malformed JSON', method: 'POST', path: '/accounts', headers: JSON_TYPE, body: '{"username":' },
  { name: 'a JSON scalar', method: 'POST', path: '/accounts', headers: JSON_TYPE, body: '42' },
  { name: 'an empty JSON body', method: 'POST', path: '/accounts', headers: JSON_TYPE, body: '' },
  { name: 'a body over 16 KiB', method: 'POST', path: '/accounts', headers: JSON_TYPE, body: tooLarge },
  {
    name: 'a body over 16 KiB, chunked',
    method: 'POST',
    path: '/accounts',
    headers: JSON_TYPE,
    body: tooLarge,
    chunked: true,
  },
  {
    name: 'a text/plain body',
    method: 'POST',
    path: '/accounts',
    headers: { 'content-type': 'text/plain' },
    body: '{"username":"erin","password":"erin-password-1"}',
  },
  {
    name: 'a body with no content type',
    method: 'POST',
    path: '/accounts',
    body: '{"username":"erin","password":"erin-password-1"}',
  },
  {
    name: 'a content type that does not parse',
    method: 'POST',
    path: '/accounts',
    headers: { 'content-type': 'garbage;;' },
    body: '{}',
  },
  {
    name: 'JSON in latin1',
    method: 'POST',
    path: '/accounts',
    headers: { 'content-type': 'application/json; charset=latin1' },
    body: '{}',
  },
  {
    name: 'gzipped malformed JSON',
    method: 'POST',
    path: '/accounts',
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
    body: gzipSync('{"username":'),
  },
  {
    name: 'a GET with a malformed JSON body',
    method: 'GET',
    path: '/users/carol',
    headers: JSON_TYPE,
    body: '{oops',
    auth: true,
  },
  {
    name: 'a sign-up (gzipped)',
    method: 'POST',
    path: '/accounts',
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ username: 'frank', password: 'frank-password-1' })),
  },
  { name: 'the banner', method: 'GET', path: '/.well-known/lastseen-lab' },
  { name: 'Swagger UI', method: 'GET', path: '/docs' },
  { name: "Swagger UI's script", method: 'GET', path: '/docs/swagger-ui-init.js' },
  { name: 'the OpenAPI document', method: 'GET', path: '/docs-json' },
];

describe.each([
  // The address each log line shows: in clear, or censored by M6.
  ['vulnerable', [] as const, RAW_ADDRESS],
  ['fixed', 'all' as const, '[redacted]'],
])('the %s directory on Fastify and on Express', (_, mitigations, loggedAddress) => {
  const adapters = ['fastify', 'express'] as const;
  const directories: Record<string, TestDirectory> = {};
  const users: LabUser[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const adapter of adapters) {
      const directory = await startTestDirectory(mitigations === 'all' ? 'all' : [], {
        httpAdapter: adapter,
      });
      directories[adapter] = directory;
      users.push(await LabUser.create(directory, 'carol', '127.51.100.84'));
      const mallory = await LabUser.create(directory, 'mallory', '127.0.113.85');
      users.push(mallory);
      tokens[adapter] = mallory.client.token!;
    }
  });

  afterAll(async () => {
    for (const user of users) await user.close();
    for (const directory of Object.values(directories)) await directory.close();
  });

  it('runs on Fastify unless told, and on Express when told (the control)', () => {
    expect(directories.fastify.app.getHttpAdapter().getType()).toBe('fastify');
    expect(directories.express.app.getHttpAdapter().getType()).toBe('express');
  });

  it.each(CASES.map((given, index) => [given.name, given, index] as const))(
    'answers %s with the same status, headers and bytes on both',
    async (_name, given, index) => {
      const requestId = `adapter-case-${index}`;
      const answers: Record<string, RawAnswer> = {};
      for (const adapter of adapters) {
        answers[adapter] = await send(directories[adapter].url, given, requestId, tokens[adapter]);
      }
      const seen = (answer: RawAnswer) => {
        const { date, ...headers } = answer.headers;
        expect(date).toEqual(expect.any(String));
        return { status: answer.status, headers, text: normalise(answer.text) };
      };
      expect(seen(answers.fastify)).toEqual(seen(answers.express));
      // Neither adapter leaves a fingerprint, and every answer carries the request id.
      expect(answers.fastify.headers).not.toHaveProperty('x-powered-by');
      expect(answers.fastify.headers).not.toHaveProperty('etag');
      expect(answers.fastify.headers['x-request-id']).toBe(requestId);
      // No 5xx, whatever the input.
      expect(answers.fastify.status).toBeLessThan(500);
    },
  );

  it('logs each of those requests in the same line, byte for byte, on both', () => {
    const linesOf = (adapter: string) =>
      directories[adapter].logs.lines
        .filter((line) => line.includes('"adapter-case-'))
        .map(normalise)
        .sort();
    const fastify = linesOf('fastify');
    // The banner is left out of request logs on both; every other case has its line.
    expect(fastify).toHaveLength(CASES.length - 1);
    expect(fastify.filter((line) => line.includes('"/.well-known/lastseen-lab"'))).toEqual([]);
    for (const line of fastify) expect(line).toContain(`"remoteAddress":"${loggedAddress}"`);
    expect(fastify).toEqual(linesOf('express'));
  });
});
