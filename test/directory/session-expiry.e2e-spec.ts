import { WsCloseCode } from '@lab/protocol';
import { LabUser, TestDirectory, startTestDirectory } from '../support/lab-harness';

/** DIRECTORY_SESSION_TTL, shortened so a session expires while the test watches. */
const TTL_MS = 3000;

describe('session expiry', () => {
  let directory: TestDirectory;

  beforeAll(async () => (directory = await startTestDirectory([], { sessionTtlMs: TTL_MS })));
  afterAll(() => directory.close());

  it('closes the WebSocket of an expired session with 4401, while a younger session keeps working', async () => {
    const early = await LabUser.create(directory, 'early', '127.51.100.40');
    const earlyExpiry = Date.parse((await early.client.login('early', 'early-password-1')).expiresAt);
    const earlySocket = await early.goOnline();
    let earlyClosedAt = 0;
    void earlySocket.closed.then(() => (earlyClosedAt = Date.now()));
    // Before expiry its REST calls work too.
    expect((await early.client.request('GET', '/contacts')).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
    const late = await LabUser.create(directory, 'late', '127.51.100.41');
    const lateSocket = await late.goOnline();

    expect(await earlySocket.closed).toEqual({ code: WsCloseCode.Unauthorized, reason: 'session expired' });
    expect(earlyClosedAt).toBeGreaterThanOrEqual(earlyExpiry);
    const afterExpiry = await early.client.request('GET', '/contacts');
    expect({ status: afterExpiry.status, code: JSON.parse(afterExpiry.text).code }).toEqual({
      status: 401,
      code: 'unauthorized',
    });

    // Control: the session made half a TTL later is still within its lifetime, and works.
    const ack = lateSocket.waitFor('heartbeat', () => true, { timeoutMs: 1000 });
    lateSocket.send('heartbeat', {});
    expect(await ack).toEqual({ at: expect.any(String) });
    expect((await late.client.request('GET', '/contacts')).status).toBe(200);

    // …until it expires in turn.
    expect((await lateSocket.closed).code).toBe(WsCloseCode.Unauthorized);
    expect((await late.client.request('GET', '/contacts')).status).toBe(401);
    await early.close();
    await late.close();
  }, 15_000);

  it('refuses a WebSocket opened with an expired token', async () => {
    const user = await LabUser.create(directory, 'stale', '127.51.100.42');
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    await expect(user.goOnline()).rejects.toMatchObject({ code: 'unauthorized' });
    await user.close();
  }, 10_000);
});
