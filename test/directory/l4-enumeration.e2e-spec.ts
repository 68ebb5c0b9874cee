import { DirectorySocketError } from '@lab/directory-client';
import { ENUMERATION_RATE_LIMIT } from '@lab/directory';
import { LabUser, TestDirectory, expectNoAddressOf, startTestDirectory } from '../support/lab-harness';

// L4 — enumeration: existing and missing users answer differently, and nothing limits the rate.

/** The body of an error answer without its request id (which differs on every request). */
const errorOf = (text: string) => {
  const { requestId: _requestId, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
};

describe('L4 enumeration', () => {
  let directory: TestDirectory;
  let bob: LabUser;
  let mallory: LabUser;

  async function world(mitigations: Parameters<typeof startTestDirectory>[0]) {
    directory = await startTestDirectory(mitigations);
    bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
    mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
  }

  afterEach(async () => {
    await bob.close();
    await mallory.close();
    await directory.close();
  });

  /** Asks each enumeration oracle about a username; returns what the attacker could compare. */
  async function oracles(username: string) {
    const login = await mallory.client.request('POST', '/sessions', { username, password: 'guess-1234' });
    const contact = await mallory.client.request('POST', '/contacts/requests', { username });
    const call = await mallory.socket!.invite(username).catch((e: DirectorySocketError) => e.code);
    return {
      login: { status: login.status, body: errorOf(login.text) },
      contact: {
        status: contact.status,
        body: contact.status < 300 ? JSON.parse(contact.text) : errorOf(contact.text),
      },
      call,
    };
  }

  it('vulnerable: login, contact request and call each tell a real user from a missing one', async () => {
    await world([]);
    await mallory.goOnline();
    const real = await oracles('bob');
    const missing = await oracles('nobody');
    expect(real.login).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    expect(missing.login).toMatchObject({ status: 404, body: { code: 'unknown_user' } });
    expect(real.contact).toEqual({ status: 202, body: { status: 'sent' } });
    expect(missing.contact).toMatchObject({ status: 404, body: { code: 'user_not_found' } });
    expect(real.call).toBe('callee_offline');
    expect(missing.call).toBe('user_not_found');
  });

  it('vulnerable: a sweep of 200 lookups meets no rate limit', async () => {
    await world([]);
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++)
      statuses.add((await mallory.client.request('GET', `/users/user${i}`)).status);
    expect([...statuses]).toEqual([404]);
  });

  it('M5: every oracle answers a missing user exactly like a real one', async () => {
    await world(['M5']);
    await mallory.goOnline();
    const real = await oracles('bob');
    const missing = await oracles('nobody');
    expect(missing).toEqual(real);
    expect(real.login).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    expect(real.call).toBe('callee_unavailable');
    expectNoAddressOf([bob], mallory.received());
  });

  it('M5: the contact list and withdrawing a request do not tell them apart either', async () => {
    await world(['M5']);
    await mallory.client.requestContact('bob');
    await mallory.client.requestContact('nobody');
    expect((await mallory.client.contacts()).contacts).toEqual([]);
    // Positive control: the request to the real user did arrive; bob sees it.
    expect((await bob.client.contacts()).contacts).toEqual([
      expect.objectContaining({ username: 'mallory', state: 'incoming' }),
    ]);
    const real = await mallory.client.request('DELETE', '/contacts/bob');
    const missing = await mallory.client.request('DELETE', '/contacts/nobody');
    expect([real.status, missing.status]).toEqual([204, 204]);
    // And the withdrawal did withdraw it: there is nothing left for bob to accept.
    expect((await bob.client.contacts()).contacts).toEqual([]);
    await expect(bob.client.acceptContact('mallory')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
  });

  it('M5: lookups are rate-limited per account, with Retry-After', async () => {
    await world(['M5']);
    const { perAccount } = ENUMERATION_RATE_LIMIT;
    const statuses: number[] = [];
    let limited: { status: number; headers: Record<string, unknown>; text: string } | undefined;
    for (let i = 0; i < perAccount + 10; i++) {
      const response = await mallory.client.request('GET', `/users/user${i}`);
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.slice(0, perAccount).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(perAccount).every((s) => s === 429)).toBe(true);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(limited!.text)).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    // The budget is the account's, shared by REST and WebSocket lookups.
    const socket = await mallory.goOnline();
    await expect(socket.subscribe('bob')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('M2: a profile lookup of a stranger is indistinguishable from one of a missing user', async () => {
    await world(['M2']);
    await bob.goOnline();
    const stranger = await mallory.client.request('GET', '/users/bob');
    const missing = await mallory.client.request('GET', '/users/nobody');
    expect(stranger.status).toBe(404);
    expect(errorOf(stranger.text)).toEqual({
      ...errorOf(missing.text),
      message: 'No user "bob" in this directory.',
    });
    expect(Object.keys(stranger.headers).sort()).toEqual(Object.keys(missing.headers).sort());
    expectNoAddressOf([bob], mallory.received());
  });
});
