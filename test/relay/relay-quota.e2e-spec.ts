import { Socket } from 'node:net';
import { RelayAllocation } from '@lab/protocol';
import { MEDIA_TEST_BYTES, dialMedia, echo, sendAndCheckEcho } from '@lab/directory-client';
import { TestRelay, eventually, startTestRelay } from '../support/lab-harness';

// Relay exhaustion: without a quota two accounts could hold every allocation of the relay by
// accepting calls and never connecting. Each account may hold only a few unused allocations, and an
// allocation nobody connected to is freed after a while.

const ALICE = '127.0.113.66';
const BOB = '127.51.100.23';
/** Opaque account keys, as the directory sends them. */
const MALLORY = 'mallory-key-0001';
const MULE = 'mule-key-000001';
const CAROL = 'carol-key-00001';
const DAVE = 'dave-key-000001';

describe('relay quota per account', () => {
  let relay: TestRelay;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await relay.close();
  });

  function allocate(body: unknown) {
    return fetch(`${relay.url}/allocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Relay ${relay.options.secret}` },
      body: JSON.stringify(body),
    });
  }

  async function allocation(accounts: string[]): Promise<RelayAllocation> {
    const response = await allocate({ callId: 'c-1', accounts });
    expect(response.status).toBe(201);
    return (await response.json()) as RelayAllocation;
  }

  const relayCandidate = (a: RelayAllocation, token: string) => [
    { type: 'relay' as const, address: a.relayAddress, port: a.relayPort, token },
  ];

  it('keeps one pair of accounts from exhausting the relay; other accounts still get allocations', async () => {
    relay = await startTestRelay({ maxAllocations: 16, maxAllocationsPerAccount: 4 });
    for (let i = 0; i < 4; i++) await allocation([MALLORY, MULE]);

    const refusals = [];
    for (let i = 0; i < 40; i++)
      refusals.push(await allocate({ callId: `c-${i}`, accounts: [MALLORY, MULE] }));
    expect(refusals.map((r) => r.status)).toEqual(Array(40).fill(429));
    const body = (await refusals[0].json()) as { code: string; message: string; details: string[] };
    expect(body).toMatchObject({ code: 'relay_quota_exceeded', details: [MALLORY, MULE] });
    expect(body.message).toMatch(/already hold 4 unused allocations.*try again in \d+ s/);
    expect(Number(refusals[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The refused attempts took nothing: the pair holds its quota, no more.
    expect(relay.allocations()).toBe(4);

    // The quota is per account: mallory with a fresh accomplice is still refused, for mallory only.
    const withOther = await allocate({ accounts: [MALLORY, CAROL] });
    expect(withOther.status).toBe(429);
    expect(await withOther.json()).toMatchObject({ details: [MALLORY] });
    // Other accounts are served as before (the control).
    await allocation([CAROL, DAVE]);
    expect(relay.allocations()).toBe(5);
  });

  it('frees an allocation nobody connected to after the allocation time, and the account may allocate again', async () => {
    relay = await startTestRelay({ allocationTtlMs: 1000, maxAllocationsPerAccount: 2 });
    const unused = await allocation([MALLORY, MULE]);
    await allocation([MALLORY, MULE]);
    const refused = await allocate({ accounts: [MALLORY, MULE] });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);

    await eventually(() => expect(relay.allocations()).toBe(0), 3000);
    await allocation([MALLORY, MULE]);
    // The expired allocation's tokens open nothing any more.
    await expect(dialMedia(relayCandidate(unused, unused.tokens.caller), ALICE)).rejects.toThrow(
      /unknown_token/,
    );
  });

  it('carries media on an allocation within the quota, and a used allocation frees its place', async () => {
    relay = await startTestRelay({ maxAllocationsPerAccount: 1 });
    const a = await allocation([CAROL, DAVE]);
    expect((await allocate({ accounts: [CAROL] })).status).toBe(429);

    const callee = dialMedia(relayCandidate(a, a.tokens.callee), BOB);
    const caller = await dialMedia(relayCandidate(a, a.tokens.caller), ALICE);
    const calleeSide = await callee;
    sockets.push(caller.socket, calleeSide.socket);
    const [echoed, result] = await Promise.all([
      echo(calleeSide.socket),
      sendAndCheckEcho(caller.socket, MEDIA_TEST_BYTES),
    ]);
    expect(result).toEqual({ bytes: MEDIA_TEST_BYTES, intact: true });
    expect(echoed).toBe(MEDIA_TEST_BYTES);
    // Both parties connected: the allocation is in use, no longer counted against either account.
    await allocation([CAROL, DAVE]);
  });

  it('answers bad account lists with a clear error', async () => {
    relay = await startTestRelay();
    for (const accounts of [['short'], [MALLORY, MULE, CAROL], 'mallory-key-0001', ['mallory key 0001']]) {
      const response = await allocate({ accounts });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'validation_failed' });
    }
  });
});
