import { LookupLimiter } from '../common/lookup-limiter';
import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { DirectoryServices } from '../test-support/directory-services';
import { ENUMERATION_RATE_LIMIT } from './m5-enumeration-resistance';

/** What each oracle answers for a missing user and for a real one, in a directory of these mitigations. */
async function oracles(mitigations: 'M5'[] | []) {
  const world = await new DirectoryServices(mitigations).start();
  await world.accounts.register('bob', 'bobs-password-1');
  const bobOffline = await world.accounts.findByUsername('bob');
  const mallory = await world.user('mallory');
  world.online(mallory, '127.0.113.150');
  const answer = (promise: Promise<unknown>) =>
    promise.then(
      (value) => ({ ok: value ?? null }),
      (error: { code: string }) => ({ refused: error.code }),
    );
  const result = {
    login: {
      missing: await answer(world.accounts.login('nobody', 'a-wrong-password')),
      real: await answer(world.accounts.login('bob', 'a-wrong-password')),
    },
    contactRequest: {
      missing: await answer(world.contacts.request(mallory, 'nobody')),
      real: await answer(world.contacts.request(mallory, 'bob')),
    },
    listedRequests: (await world.contacts.list(mallory)).contacts.map((c) => c.username),
    withdraw: {
      missing: await answer(world.contacts.remove(mallory, 'nobody')),
      real: await answer(world.contacts.remove(mallory, 'bob')),
    },
    call: {
      missing: await answer(world.calls.invite(mallory, 'nobody')),
      offline: await answer(world.calls.invite(mallory, 'bob')),
    },
  };
  await world.stop();
  expect(bobOffline).toBeDefined();
  return result;
}

describe('M5 enumeration resistance', () => {
  it('vulnerable (the control): every oracle tells a missing user from a real one', async () => {
    expect(await oracles([])).toEqual({
      login: { missing: { refused: 'unknown_user' }, real: { refused: 'invalid_credentials' } },
      contactRequest: { missing: { refused: 'user_not_found' }, real: { ok: { status: 'sent' } } },
      listedRequests: ['bob'],
      withdraw: { missing: { refused: 'contact_not_found' }, real: { ok: null } },
      call: { missing: { refused: 'user_not_found' }, offline: { refused: 'callee_offline' } },
    });
  });

  it('answers a missing user exactly like a real one, in login, contact requests, the contact list and calls', async () => {
    expect(await oracles(['M5'])).toEqual({
      login: { missing: { refused: 'invalid_credentials' }, real: { refused: 'invalid_credentials' } },
      contactRequest: { missing: { ok: { status: 'sent' } }, real: { ok: { status: 'sent' } } },
      listedRequests: [],
      withdraw: { missing: { ok: null }, real: { ok: null } },
      call: { missing: { refused: 'callee_unavailable' }, offline: { refused: 'callee_unavailable' } },
    });
  });

  it('spends a password check on a login for a missing account, as for a real one', async () => {
    let checks = 0;
    const check = async () => void checks++;
    await vulnerablePolicy.loginToMissingAccount(check);
    expect(checks).toBe(0);
    await composePolicy(['M5']).loginToMissingAccount(check);
    expect(checks).toBe(1);
  });

  it('limits lookups per account and per source address; the vulnerable directory never does', async () => {
    const limited = new LookupLimiter(composePolicy(['M5']));
    const unlimited = new LookupLimiter(vulnerablePolicy);
    const verdicts = async (
      limiter: LookupLimiter,
      times: number,
      who: { accountId?: number; address: string },
    ) => {
      const out = [];
      for (let i = 0; i < times; i++) out.push((await limiter.check(who)).allowed);
      return out;
    };
    const perAccount = await verdicts(limited, ENUMERATION_RATE_LIMIT.perAccount + 1, {
      accountId: 1,
      address: '127.0.113.150',
    });
    expect(perAccount.indexOf(false)).toBe(ENUMERATION_RATE_LIMIT.perAccount);
    // A second account from the same address has its own budget, until the address's is spent too.
    const rest = ENUMERATION_RATE_LIMIT.perAddress - ENUMERATION_RATE_LIMIT.perAccount;
    const secondAccount = await verdicts(limited, rest, { accountId: 2, address: '127.0.113.150' });
    expect(secondAccount.every(Boolean)).toBe(true);
    expect(await verdicts(limited, 1, { accountId: 3, address: '127.0.113.150' })).toEqual([false]);
    expect(await verdicts(limited, 1, { accountId: 3, address: '127.0.113.151' })).toEqual([true]);
    expect(
      (await verdicts(unlimited, ENUMERATION_RATE_LIMIT.perAddress * 2, { address: '127.0.113.150' })).every(
        Boolean,
      ),
    ).toBe(true);
    limited.onApplicationShutdown();
    unlimited.onApplicationShutdown();
  });

  it('still rings an online user, and lists accepted and incoming contacts: it hides only what tells users apart', async () => {
    const world = await new DirectoryServices(['M5']).start();
    const alice = await world.user('alice');
    const bob = await world.user('bob');
    const carol = await world.user('carol');
    world.online(alice, '127.0.113.160');
    const bobsScreen = world.online(bob, '127.51.100.23');
    await world.calls.invite(alice, 'bob');
    expect(bobsScreen.events()).toEqual(['call.incoming']);
    await world.makeContacts(alice, bob);
    await world.contacts.request(carol, 'alice');
    await world.contacts.request(alice, 'dave-who-does-not-exist');
    expect((await world.contacts.list(alice)).contacts.map((c) => `${c.username}:${c.state}`).sort()).toEqual(
      ['bob:accepted', 'carol:incoming'],
    );
    await world.stop();
  });
});
