import WebSocket from 'ws';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import {
  BANNER_PATH,
  ErrorBody,
  ErrorCode,
  MAX_HTTP_BODY_BYTES,
  MAX_WS_FRAME_BYTES,
  ServerMessage,
  WS_PATH,
  WsCloseCode,
  WsErrorData,
} from '@lab/protocol';
import { LabUser, TestDirectory, startTestDirectory } from '../support/lab-harness';
import { RawAnswer, rawHttp } from '../support/raw-http';

// Bad input, of every kind, over HTTP and the WebSocket: each gets a clear error with a code
// (a 4xx JSON body, or an `error` frame), the service stays up, and nothing stored is lost.

/** Where the raw (hand-built) HTTP requests and WebSocket handshakes of this suite come from. */
const RAW_HTTP_ADDRESS = '127.0.113.80';
const RAW_WS_ADDRESS = '127.0.113.81';

const JSON_TYPE = { 'content-type': 'application/json' };
const A_UUID = '3b241101-e2bb-4255-8caf-4136c566a962';

/** A hand-built HTTP request to the directory, from this suite's raw address (see rawHttp). */
function rawDirectoryHttp(
  directory: { url: string },
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<RawAnswer> {
  const url = new URL(path, directory.url);
  return rawHttp(directory.url, {
    method,
    path: url.pathname + url.search,
    ...options,
    localAddress: RAW_HTTP_ADDRESS,
  });
}

/**
 * Asserts the lab's HTTP error shape: the status, a JSON body with the same status, the code, a
 * sentence and the request id — the same id as the X-Request-ID response header.
 */
function expectHttpError(answer: RawAnswer, status: number, code: ErrorCode): ErrorBody {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/json/),
  });
  const body = JSON.parse(answer.text) as ErrorBody;
  expect(body).toMatchObject({
    statusCode: status,
    code,
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(body.message.length).toBeGreaterThan(10);
  expect(body.requestId).not.toBe('');
  expect(answer.headers['x-request-id']).toBe(body.requestId);
  return body;
}

/** Sends one raw frame and resolves with the `error` frame it earns. */
function sendBadFrame(
  socket: PresenceSocket,
  payload: string | Buffer,
  timeoutMs = 3000,
): Promise<WsErrorData> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('error-frame', onError);
      reject(new Error(`no error frame within ${timeoutMs} ms for ${String(payload).slice(0, 80)}`));
    }, timeoutMs);
    const onError = (data: WsErrorData) => {
      clearTimeout(timer);
      resolve(data);
    };
    socket.once('error-frame', onError);
    socket.sendRaw(payload);
  });
}

/** The socket is still usable: a heartbeat is answered with a heartbeat. */
async function expectHeartbeatAnswered(socket: PresenceSocket) {
  const reply = socket.waitFor('heartbeat', () => true, { timeoutMs: 3000 });
  socket.send('heartbeat', {});
  expect(await reply).toEqual({ at: expect.any(String) });
}

/**
 * Sends a bad frame on a live socket, checks the error frame it earns, that exactly one error
 * came back, and that the same socket still answers a heartbeat.
 */
async function expectFrameRejected(
  socket: PresenceSocket,
  payload: string | Buffer,
  expected: { code: ErrorCode; event?: string },
): Promise<WsErrorData> {
  const before = socket.frames.length;
  const error = await sendBadFrame(socket, payload);
  expect(error).toMatchObject({ code: expected.code, message: expect.any(String) });
  expect(error.message.length).toBeGreaterThan(10);
  if (expected.event === undefined) expect(error).not.toHaveProperty('event');
  else expect(error.event).toBe(expected.event);
  await expectHeartbeatAnswered(socket);
  const errors = socket.frames.slice(before).filter((frame: ServerMessage) => frame.event === 'error');
  expect(errors).toHaveLength(1);
  return error;
}

/** A WebSocket handshake with the `ws` package itself, from a lab address: what comes back, and how it ends. */
function rawWebSocket(
  directory: { url: string },
  path: string,
  headers: Record<string, string> = {},
): Promise<{ frames: string[]; close: { code: number; reason: string } }> {
  const url = new URL(path, directory.url);
  url.protocol = 'ws:';
  const ws = new WebSocket(url.href, { headers, localAddress: RAW_WS_ADDRESS, handshakeTimeout: 5000 });
  const frames: string[] = [];
  ws.on('message', (data, isBinary) => frames.push(isBinary ? '<binary>' : data.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`the directory kept ${path} open`));
    }, 5000);
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ frames, close: { code, reason: reason.toString() } });
    });
  });
}

/** A JSON `heartbeat` frame padded to exactly `bytes` bytes (heartbeat ignores its data). */
function heartbeatFrameOfSize(bytes: number): string {
  const empty = JSON.stringify({ event: 'heartbeat', data: { pad: '' } });
  const frame = JSON.stringify({ event: 'heartbeat', data: { pad: 'x'.repeat(bytes - empty.length) } });
  expect(Buffer.byteLength(frame)).toBe(bytes);
  return frame;
}

describe('bad input', () => {
  let directory: TestDirectory;
  let alice: LabUser;
  let bob: LabUser;
  let mallory: LabUser;
  let socket: PresenceSocket;

  beforeAll(async () => {
    directory = await startTestDirectory([]);
    alice = await LabUser.create(directory, 'alice', '127.51.100.31', ['192.168.77.31']);
    bob = await LabUser.create(directory, 'bob', '127.51.100.32', ['192.168.77.32']);
    mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    // Stored before any bad input: a contact relationship, requested and accepted.
    await alice.client.requestContact('bob');
    await bob.client.acceptContact('alice');
    // Heartbeats only when a test sends one, so every heartbeat reply is an answer to the test.
    socket = await mallory.goOnline({ heartbeat: false });
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mallory?.close();
    await directory?.close();
  });

  it('starts from a contact relationship both users see', async () => {
    expect((await alice.client.contacts()).contacts).toEqual([
      { username: 'bob', state: 'accepted', since: expect.any(String) },
    ]);
    expect((await bob.client.contacts()).contacts).toEqual([
      { username: 'alice', state: 'accepted', since: expect.any(String) },
    ]);
  });

  describe('over HTTP', () => {
    const auth = () => ({ authorization: `Bearer ${mallory.client.token}` });

    it('answers malformed JSON with 400 malformed_json', async () => {
      for (const body of [
        '{"username": "carol",',
        '{username: "carol"}',
        "{'a': 1}",
        '{"a": 1}}',
        '\u0000',
      ]) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE });
        expectHttpError(answer, 400, ErrorCode.MalformedJson);
      }
    });

    it('answers a field of the wrong type (username as a number) with 400 validation_failed', async () => {
      const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', {
        body: JSON.stringify({ username: 42, password: 'carol-password-1' }),
        headers: JSON_TYPE,
      });
      const body = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
      expect(body.details).toContain('username must be a string');
      expect(body.details!.every((line) => line.startsWith('username'))).toBe(true);

      const login = await rawDirectoryHttp(directory, 'POST', '/sessions', {
        body: JSON.stringify({ username: 'alice', password: ['alice-password-1'] }),
        headers: JSON_TYPE,
      });
      expect(expectHttpError(login, 400, ErrorCode.ValidationFailed).details).toContain(
        'password must be a string',
      );
    });

    it('answers unknown fields with 400 validation_failed naming the field, and stores nothing', async () => {
      const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', {
        body: JSON.stringify({ username: 'carol', password: 'carol-password-1', isAdmin: true }),
        headers: JSON_TYPE,
      });
      const body = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
      expect(body.details).toEqual(['isAdmin: property isAdmin should not exist']);
      expect(body.message).toContain('isAdmin');

      const request = await rawDirectoryHttp(directory, 'POST', '/contacts/requests', {
        body: JSON.stringify({ username: 'alice', note: 'hi' }),
        headers: { ...JSON_TYPE, ...auth() },
      });
      expect(expectHttpError(request, 400, ErrorCode.ValidationFailed).details).toEqual([
        'note: property note should not exist',
      ]);
    });

    it('answers missing fields with 400 validation_failed naming each of them', async () => {
      for (const body of ['{}', '']) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/sessions', { body, headers: JSON_TYPE });
        const error = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
        expect(error.details).toEqual(
          expect.arrayContaining(['username must be a string', 'password must be a string']),
        );
      }
      const register = await rawDirectoryHttp(directory, 'POST', '/accounts', {
        body: JSON.stringify({ username: 'carol' }),
        headers: JSON_TYPE,
      });
      const error = expectHttpError(register, 400, ErrorCode.ValidationFailed);
      expect(error.details).toContain('password must be a string');
      expect(error.details!.some((line) => line.startsWith('username'))).toBe(false);

      const request = await rawDirectoryHttp(directory, 'POST', '/contacts/requests', {
        body: '{}',
        headers: { ...JSON_TYPE, ...auth() },
      });
      expect(expectHttpError(request, 400, ErrorCode.ValidationFailed).details).toContain(
        'username must be a string',
      );
    });

    it('answers a body over 16 KiB with 413 payload_too_large, with or without a Content-Length', async () => {
      const body = JSON.stringify({ username: 'dave', password: 'x'.repeat(MAX_HTTP_BODY_BYTES) });
      expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_HTTP_BODY_BYTES);
      expectHttpError(
        await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE }),
        413,
        ErrorCode.PayloadTooLarge,
      );
      expectHttpError(
        await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE, chunked: true }),
        413,
        ErrorCode.PayloadTooLarge,
      );
      const huge = JSON.stringify({ username: 'dave', password: 'x'.repeat(1024 * 1024) });
      expectHttpError(
        await rawDirectoryHttp(directory, 'POST', '/accounts', { body: huge, headers: JSON_TYPE }),
        413,
        ErrorCode.PayloadTooLarge,
      );
    });

    it('accepts a body of exactly 16 KiB as far as the parser goes (the limit is not off by one)', async () => {
      const empty = JSON.stringify({ username: 'dave', password: '' });
      const body = JSON.stringify({
        username: 'dave',
        password: 'x'.repeat(MAX_HTTP_BODY_BYTES - empty.length),
      });
      expect(Buffer.byteLength(body)).toBe(MAX_HTTP_BODY_BYTES);
      const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE });
      // Parsed, then refused by validation: the password is longer than 128 characters.
      expect(expectHttpError(answer, 400, ErrorCode.ValidationFailed).details).toEqual([
        'password must be shorter than or equal to 128 characters',
      ]);
    });

    it('answers a JSON array as body with 400 validation_failed', async () => {
      for (const body of ['[]', JSON.stringify([{ username: 'erin', password: 'erin-password-1' }])]) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE });
        const error = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
        expect(error.details).toContain('username must be a string');
      }
    });

    it('answers null, a string or a number as body with 400 malformed_json (objects only)', async () => {
      for (const body of ['null', '"erin"', '42', 'true']) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers: JSON_TYPE });
        expectHttpError(answer, 400, ErrorCode.MalformedJson);
      }
    });

    it('answers a body of another content type, or of none, with 400 validation_failed: it is not parsed', async () => {
      // Documented in docs/protocol.md: such a body is not parsed, so the route sees no body at all.
      const json = JSON.stringify({ username: 'erin', password: 'erin-password-1' });
      const cases: { body: string; headers: Record<string, string> }[] = [
        { body: json, headers: { 'content-type': 'text/plain' } },
        {
          body: 'username=erin&password=erin-password-1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        { body: json, headers: { 'content-type': 'application/xml' } },
        { body: json, headers: {} },
      ];
      for (const { body, headers } of cases) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body, headers });
        const error = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
        expect(error.details).toEqual(
          expect.arrayContaining(['username must be a string', 'password must be a string']),
        );
      }
      // A POST without a body needs no content type.
      const accept = await rawDirectoryHttp(directory, 'POST', '/contacts/requests/nobody/accept', {
        headers: auth(),
      });
      expectHttpError(accept, 404, ErrorCode.ContactRequestNotFound);
    });

    it('answers a JSON body in another charset, or an encoding it cannot decode, with 415 unsupported_media_type', async () => {
      const json = JSON.stringify({ username: 'erin', password: 'erin-password-1' });
      for (const headers of [
        { 'content-type': 'application/json; charset=latin1' },
        { 'content-type': 'application/json; charset=iso-8859-1' },
        { ...JSON_TYPE, 'content-encoding': 'compress' },
      ]) {
        const answer = await rawDirectoryHttp(directory, 'POST', '/accounts', { body: json, headers });
        expectHttpError(answer, 415, ErrorCode.UnsupportedMediaType);
      }
    });

    it.each([
      ['no Authorization header', {}],
      ['a garbage bearer token', { authorization: 'Bearer garbage' }],
      ['an empty bearer token', { authorization: 'Bearer ' }],
      ['another scheme', { authorization: 'Basic bWFsbG9yeTptYWxsb3J5LXBhc3N3b3JkLTE=' }],
      ['a token without its scheme', 'token-only'],
      ['a 4 KiB token', { authorization: `Bearer ${'x'.repeat(4096)}` }],
    ] as [string, Record<string, string> | 'token-only'][])(
      'answers GET /users/x and GET /contacts with %s with 401 unauthorized',
      async (_, given) => {
        const headers = given === 'token-only' ? { authorization: mallory.client.token! } : given;
        for (const path of ['/users/alice', '/contacts', '/users/NOT..valid!']) {
          const answer = await rawDirectoryHttp(directory, 'GET', path, { headers });
          expectHttpError(answer, 401, ErrorCode.Unauthorized);
          expect(answer.text).not.toContain('127.51.100.31');
        }
      },
    );

    it('answers a garbage ?access_token= and a logged-out token with 401 unauthorized', async () => {
      expectHttpError(
        await rawDirectoryHttp(directory, 'GET', '/contacts?access_token=garbage'),
        401,
        ErrorCode.Unauthorized,
      );
      const session = new DirectoryClient({ baseUrl: directory.url, localAddress: '127.0.113.66' });
      await session.login('mallory', 'mallory-password-1');
      const token = session.token!;
      await session.logout();
      session.close();
      for (const path of ['/users/alice', '/contacts']) {
        const answer = await rawDirectoryHttp(directory, 'GET', path, {
          headers: { authorization: `Bearer ${token}` },
        });
        expectHttpError(answer, 401, ErrorCode.Unauthorized);
      }
      // Mallory's own session is untouched by the other one's logout.
      expect((await rawDirectoryHttp(directory, 'GET', '/contacts', { headers: auth() })).status).toBe(200);
    });

    it.each([
      ['upper case and punctuation', 'NOT..valid!'],
      ['200 characters', 'a'.repeat(200)],
      ['33 characters', 'a'.repeat(33)],
      ['one character', 'a'],
      ['a leading dot', '.alice'],
      ['an encoded slash', 'a%2Fb'],
      ['an encoded NUL', 'a%00b'],
      ['an encoded space', 'al%20ice'],
      ['broken percent-encoding', '%E0%A4%A'],
      ['non-ASCII', encodeURIComponent('alïce')],
    ])('answers a route username with %s with 400 validation_failed', async (_, username) => {
      for (const [method, path] of [
        ['GET', `/users/${username}`],
        ['POST', `/contacts/requests/${username}/accept`],
        ['POST', `/contacts/requests/${username}/decline`],
        ['DELETE', `/contacts/${username}`],
      ]) {
        const answer = await rawDirectoryHttp(directory, method, path, { headers: auth() });
        const body = expectHttpError(answer, 400, ErrorCode.ValidationFailed);
        expect(body.message.length).toBeLessThan(300);
        expect(body).not.toHaveProperty('details');
      }
    });

    it('answers an unknown route, or a known path with another method, with 404 route_not_found', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['PATCH', '/users'], // GET /users is the search by e-mail: below
        ['GET', '/users/alice/extra'],
        ['POST', '/users/alice'],
        ['PUT', '/contacts'],
        ['DELETE', '/accounts'],
        ['GET', '/%'],
      ]) {
        const answer = await rawDirectoryHttp(directory, method, path, { headers: auth() });
        expectHttpError(answer, 404, ErrorCode.RouteNotFound);
      }
    });

    it('answers the search by e-mail without an e-mail address, or with a malformed one, with 400 validation_failed', async () => {
      for (const path of [
        '/users',
        '/users?email=',
        '/users?email=not-an-address',
        `/users?email=${'a'.repeat(300)}@x.example`,
      ]) {
        const body = expectHttpError(
          await rawDirectoryHttp(directory, 'GET', path, { headers: auth() }),
          400,
          ErrorCode.ValidationFailed,
        );
        expect(JSON.stringify(body)).toContain('email');
      }
    });

    it('echoes a client X-Request-ID in the header and in the error body, and replaces an unusable one', async () => {
      const given = 'bad-input.e2e:42';
      const malformed = await rawDirectoryHttp(directory, 'POST', '/accounts', {
        body: '{"oops"',
        headers: { ...JSON_TYPE, 'x-request-id': given },
      });
      expect(expectHttpError(malformed, 400, ErrorCode.MalformedJson).requestId).toBe(given);
      const missing = await rawDirectoryHttp(directory, 'GET', '/nope', {
        headers: { 'x-request-id': 'lab-req-7' },
      });
      expect(expectHttpError(missing, 404, ErrorCode.RouteNotFound).requestId).toBe('lab-req-7');
      const unauthorized = await rawDirectoryHttp(directory, 'GET', '/contacts', {
        headers: { 'x-request-id': 'lab-req-8' },
      });
      expect(expectHttpError(unauthorized, 401, ErrorCode.Unauthorized).requestId).toBe('lab-req-8');

      // Not a usable id (spaces, too long): a fresh one, still the same in header and body.
      for (const unusable of ['has spaces in it', 'x'.repeat(129), '<script>']) {
        const answer = await rawDirectoryHttp(directory, 'GET', '/nope', {
          headers: { 'x-request-id': unusable },
        });
        const body = expectHttpError(answer, 404, ErrorCode.RouteNotFound);
        expect(body.requestId).not.toBe(unusable);
        expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  describe('over the WebSocket', () => {
    it.each([
      ['without a token', WS_PATH, {}],
      ['with a garbage bearer token', WS_PATH, { authorization: 'Bearer garbage' }],
      ['with another scheme', WS_PATH, { authorization: 'Basic bWFsbG9yeTpwdw==' }],
      ['with a garbage ?access_token=', `${WS_PATH}?access_token=garbage`, {}],
    ] as [string, string, Record<string, string>][])(
      'refuses a connection %s: an unauthorized error frame, then close 4401',
      async (_, path, headers) => {
        const { frames, close } = await rawWebSocket(directory, path, headers);
        expect(frames.map((frame) => JSON.parse(frame) as unknown)).toEqual([
          { event: 'error', data: { code: ErrorCode.Unauthorized, message: expect.any(String) } },
        ]);
        expect(close).toEqual({ code: WsCloseCode.Unauthorized, reason: 'unauthorized' });
      },
    );

    it.each([
      ['plain text', 'not json'],
      ['an empty frame', ''],
      ['truncated JSON', '{"event":"heartbeat","data":'],
      ['single quotes', "{'event':'heartbeat'}"],
    ])('answers a text frame that is not JSON (%s) with malformed_message', async (_, payload) => {
      await expectFrameRejected(socket, payload, { code: ErrorCode.MalformedMessage });
    });

    it.each([
      ['an empty array', '[]'],
      ['an array of a frame', '[{"event":"heartbeat","data":{}}]'],
      ['null', 'null'],
      ['a number', '42'],
      ['a string', '"heartbeat"'],
      ['an object without event', '{"data":{}}'],
      ['an empty object', '{}'],
      ['a numeric event', '{"event":42,"data":{}}'],
      ['a null event', '{"event":null,"data":{}}'],
      ['an object as event', '{"event":{"name":"heartbeat"},"data":{}}'],
    ])('answers %s with malformed_message', async (_, payload) => {
      await expectFrameRejected(socket, payload, { code: ErrorCode.MalformedMessage });
    });

    it.each([
      ['random bytes', Buffer.from([0x00, 0xff, 0x13, 0x37])],
      ['a valid frame sent as binary', Buffer.from(JSON.stringify({ event: 'heartbeat', data: {} }))],
    ])('answers a binary frame (%s) with binary_not_supported', async (_, payload) => {
      await expectFrameRejected(socket, payload, { code: ErrorCode.BinaryNotSupported });
    });

    it.each([
      ['nope', 'nope'],
      ['a server event', 'welcome'],
      ['error', 'error'],
      ['an Object.prototype key', 'constructor'],
      ['__proto__', '__proto__'],
      ['an empty name', ''],
    ])('answers an unknown event (%s) with unknown_event naming it', async (_, event) => {
      await expectFrameRejected(socket, JSON.stringify({ event, data: {} }), {
        code: ErrorCode.UnknownEvent,
        event: event || undefined,
      });
    });

    it('truncates the name of a long unknown event in its error', async () => {
      const event = 'x'.repeat(5000);
      const error = await expectFrameRejected(socket, JSON.stringify({ event, data: {} }), {
        code: ErrorCode.UnknownEvent,
        event: 'x'.repeat(64),
      });
      expect(error.message.length).toBeLessThan(200);
    });

    const candidates = (list: unknown) => ({ callId: A_UUID, candidates: list });
    it.each([
      ['presence.subscribe', 'a numeric username', { username: 42 }, 'username must be a string'],
      ['presence.subscribe', 'no data', undefined, 'username must be a string'],
      ['presence.subscribe', 'null data', null, 'username must be a string'],
      ['presence.subscribe', 'a string as data', 'bob', 'username must be a string'],
      ['presence.subscribe', 'an array as data', ['bob'], 'username must be a string'],
      ['presence.subscribe', 'an invalid username', { username: 'NOT..valid!' }, 'username must be'],
      [
        'presence.subscribe',
        'an extra field',
        { username: 'bob', extra: 1 },
        'property extra should not exist',
      ],
      ['presence.unsubscribe', 'a username object', { username: { $ne: '' } }, 'username must be a string'],
      ['call.invite', 'a 200-character username', { username: 'a'.repeat(200) }, 'username must be'],
      ['call.candidates', 'a bad callId', { callId: 'not-a-call', candidates: [] }, 'callId must be a UUID'],
      [
        'call.candidates',
        'an IPv6 address',
        candidates([{ type: 'host', address: '::1', port: 1 }]),
        'address',
      ],
      [
        'call.candidates',
        'a host name',
        candidates([{ type: 'srflx', address: 'evil.example', port: 1 }]),
        'address',
      ],
      [
        'call.candidates',
        'a port out of range',
        candidates([{ type: 'host', address: '10.0.0.1', port: 70000 }]),
        'port',
      ],
      [
        'call.candidates',
        'an unknown type',
        candidates([{ type: 'turn', address: '10.0.0.1', port: 1 }]),
        'type',
      ],
      ['call.candidates', 'a candidate that is null', candidates([null]), 'candidates.0'],
      ['call.candidates', 'candidates not an array', candidates('x'), 'candidates must be an array'],
      [
        'call.candidates',
        'an extra field in a candidate',
        candidates([{ type: 'host', address: '10.0.0.1', port: 1, priority: 1 }]),
        'property priority should not exist',
      ],
      [
        'call.candidates',
        '17 candidates',
        candidates(Array.from({ length: 17 }, () => ({ type: 'host', address: '10.0.0.1', port: 1 }))),
        'no more than 16',
      ],
      ['call.accept', 'a numeric callId', { callId: 7 }, 'callId must be a UUID'],
      ['call.hangup', 'an extra field', { callId: A_UUID, reason: 'x' }, 'property reason should not exist'],
      [
        'presence.report',
        'a string of addresses',
        { localAddresses: '10.0.0.1' },
        'localAddresses must be an array',
      ],
      ['presence.report', 'an IPv6 address', { localAddresses: ['fe80::1'] }, 'IPv4'],
    ] as [string, string, unknown, string][])(
      'answers %s with %s with validation_failed for that event',
      async (event, _description, data, mentions) => {
        const frame = data === undefined ? JSON.stringify({ event }) : JSON.stringify({ event, data });
        const error = await expectFrameRejected(socket, frame, { code: ErrorCode.ValidationFailed, event });
        expect(error.message).toContain(mentions);
      },
    );

    it('lets a well-formed call.candidates through validation (the control for the cases above)', async () => {
      // Valid shape, but no such call: the handler itself answers, not the validation.
      await expectFrameRejected(
        socket,
        JSON.stringify({
          event: 'call.candidates',
          data: candidates([{ type: 'host', address: '10.0.0.1', port: 1 }]),
        }),
        { code: ErrorCode.CallNotFound, event: 'call.candidates' },
      );
    });

    it('closes the connection with 1009 on a frame over 16 KiB, and accepts one of exactly 16 KiB', async () => {
      const oscar = await LabUser.create(directory, 'oscar', '127.51.100.44');
      try {
        const own = await oscar.goOnline({ heartbeat: false });
        // Exactly the limit: accepted and answered.
        const reply = own.waitFor('heartbeat');
        own.sendRaw(heartbeatFrameOfSize(MAX_WS_FRAME_BYTES));
        await reply;
        // One byte more: the connection is closed as "message too big", without an error frame.
        const before = own.frames.length;
        own.sendRaw(heartbeatFrameOfSize(MAX_WS_FRAME_BYTES + 1));
        expect((await own.closed).code).toBe(1009);
        expect(own.frames.slice(before)).toEqual([]);
        // The user can come back at once.
        const again = await oscar.goOnline({ heartbeat: false });
        expect(again.welcome).toMatchObject({ username: 'oscar', observedAddress: '127.51.100.44' });
        await expectHeartbeatAnswered(again);
      } finally {
        await oscar.close();
      }
    });

    it('kept the attacker socket open through all of it', async () => {
      // One connection all along: a single welcome, and it still answers.
      expect(socket.frames.filter((frame) => frame.event === 'welcome')).toHaveLength(1);
      await expectHeartbeatAnswered(socket);
      // The valid events still work on the same socket.
      expect(await socket.subscribe('alice')).toEqual({ username: 'alice' });
    });
  });

  describe('afterwards', () => {
    it('still answers the banner and the health check', async () => {
      const banner = await rawDirectoryHttp(directory, 'GET', BANNER_PATH);
      expect(banner.status).toBe(200);
      expect(JSON.parse(banner.text)).toMatchObject({
        lab: 'lastseen-lab',
        service: 'directory',
        variant: 'vulnerable',
      });
      const health = await rawDirectoryHttp(directory, 'GET', '/healthz');
      expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    });

    it('still lets every account registered before log in, with a fresh client', async () => {
      for (const [name, address] of [
        ['alice', '127.51.100.31'],
        ['bob', '127.51.100.32'],
        ['mallory', '127.0.113.66'],
        ['oscar', '127.51.100.44'],
      ]) {
        const client = new DirectoryClient({ baseUrl: directory.url, localAddress: address });
        try {
          expect(await client.login(name, `${name}-password-1`)).toMatchObject({ username: name });
        } finally {
          client.close();
        }
      }
    });

    it('stored no account any of the bad requests tried to create', async () => {
      const client = new DirectoryClient({ baseUrl: directory.url, localAddress: RAW_HTTP_ADDRESS });
      try {
        for (const name of ['carol', 'dave', 'erin']) {
          const answer = await client.request('POST', '/sessions', {
            username: name,
            password: `${name}-password-1`,
          });
          expect({ name, status: answer.status, code: (JSON.parse(answer.text) as ErrorBody).code }).toEqual({
            name,
            status: 404,
            code: ErrorCode.UnknownUser,
          });
        }
      } finally {
        client.close();
      }
    });

    it('still lists the contact relationship made before the bad input, for both users', async () => {
      for (const [name, address, other] of [
        ['alice', '127.51.100.31', 'bob'],
        ['bob', '127.51.100.32', 'alice'],
      ]) {
        const client = new DirectoryClient({ baseUrl: directory.url, localAddress: address });
        try {
          await client.login(name, `${name}-password-1`);
          expect((await client.contacts()).contacts).toEqual([
            { username: other, state: 'accepted', since: expect.any(String) },
          ]);
        } finally {
          client.close();
        }
      }
    });

    it('logged no server-side failure for any of it', () => {
      const lines = directory.logs.lines.map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            msg?: string;
            res?: { statusCode?: number };
            err?: { code?: string };
          },
      );
      expect(lines.filter((line) => (line.res?.statusCode ?? 0) >= 500)).toEqual([]);
      // Nest's WsAdapter logs the oversized frame's protocol error (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH)
      // at error level; that is the client's fault, not a failure of the directory.
      const failures = lines.filter((line) => line.level >= 50 && !line.err?.code?.startsWith('WS_ERR_'));
      expect(failures).toEqual([]);
      expect(directory.logs.text()).not.toContain(ErrorCode.Internal);
    });
  });
});
