import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { DirectoryServices } from '../test-support/directory-services';
import { bobAtHome } from './test-records';

/** A world where mallory is a stranger to bob, and alice his contact; bob online or not. */
async function world(mitigations: 'M2'[] | [], bobOnline = true) {
  const services = await new DirectoryServices(mitigations).start();
  const mallory = await services.user('mallory');
  const alice = await services.user('alice');
  const bob = await services.user('bob');
  await services.makeContacts(alice, bob);
  services.online(mallory, '127.0.113.150');
  services.online(alice, '127.0.113.160');
  if (bobOnline) services.online(bob, '127.51.100.23', ['192.168.77.20']);
  return { services, mallory, alice, bob };
}

/** What a caller's screen shows of an invite: the frames, with the call id made comparable. */
async function invite(
  services: DirectoryServices,
  caller: { id: number; username: string; displayName: string; connection?: { frames: unknown[] } },
  username: string,
) {
  const before = caller.connection!.frames.length;
  const outcome = await services.calls.invite(caller, username).then(
    () => 'created',
    (error: { code: string }) => error.code,
  );
  const frames = JSON.stringify(caller.connection!.frames.slice(before)).replace(
    /"callId":"[^"]+"/g,
    '"callId":"…"',
  );
  return { outcome, frames };
}

describe('M2 contact-gated presence', () => {
  it('lets a stranger find an account by e-mail only if its holder opted in; contacts always', () => {
    const m2 = composePolicy(['M2']);
    for (const discoverable of [true, false]) {
      expect(vulnerablePolicy.findableByEmail({ relation: 'stranger', discoverable })).toBe(true);
      expect(m2.findableByEmail({ relation: 'contact', discoverable })).toBe(true);
      expect(m2.findableByEmail({ relation: 'self', discoverable })).toBe(true);
    }
    expect(m2.findableByEmail({ relation: 'stranger', discoverable: true })).toBe(true);
    expect(m2.findableByEmail({ relation: 'stranger', discoverable: false })).toBe(false);
  });

  it('lets only contacts (and oneself) see a user: look them up, follow their presence', () => {
    expect(vulnerablePolicy.presenceVisibleTo('stranger')).toBe(true);
    const m2 = composePolicy(['M2']);
    expect(m2.presenceVisibleTo('stranger')).toBe(false);
    expect(m2.presenceVisibleTo('contact')).toBe(true);
    expect(m2.presenceVisibleTo('self')).toBe(true);
  });

  it('answers a stranger’s lookup of a real user exactly like one of a missing user, after the same queries', async () => {
    const { services, mallory, alice } = await world(['M2']);
    const lookup = (viewer: typeof mallory, username: string) =>
      services.log.during(() =>
        services.profiles.lookup(viewer, username).catch((error: { code: string; message: string }) => {
          expect(error).toMatchObject({
            code: 'user_not_found',
            message: `No user "${username}" in this directory.`,
          });
        }),
      );
    const stranger = await lookup(mallory, 'bob');
    const missing = await lookup(mallory, 'nobody');
    expect(stranger).toEqual(['accounts.findByUsername', 'contacts.between']);
    expect(missing).toEqual(stranger);
    // The control: a contact does see bob.
    await expect(services.profiles.lookup(alice, 'bob')).resolves.toMatchObject({
      username: 'bob',
      online: true,
    });
    await services.stop();
  });

  it('vulnerable (the control): a stranger’s call tells online, offline and missing users apart, and rings', async () => {
    const online = await world([]);
    const offline = await world([], false);
    const ringing = await invite(online.services, online.mallory, 'bob');
    expect(ringing.outcome).toBe('created');
    expect(online.bob.connection!.events()).toContain('call.incoming');
    expect((await invite(offline.services, offline.mallory, 'bob')).outcome).toBe('callee_offline');
    expect((await invite(online.services, online.mallory, 'nobody')).outcome).toBe('user_not_found');
    await online.services.stop();
    await offline.services.stop();
  });

  it('swallows a stranger’s call: the same frames for an online, offline or missing callee, and nothing to the callee', async () => {
    const online = await world(['M2']);
    const offline = await world(['M2'], false);
    const toOnline = await invite(online.services, online.mallory, 'bob');
    const toOffline = await invite(offline.services, offline.mallory, 'bob');
    const toMissing = await invite(online.services, online.mallory, 'bobby');
    expect(toOnline).toEqual({
      outcome: 'created',
      frames: '[{"event":"call.created","data":{"callId":"…","username":"bob"}}]',
    });
    expect(toOffline).toEqual(toOnline);
    expect(toMissing.frames).toEqual(toOnline.frames.replace('"bob"', '"bobby"'));
    expect(online.bob.connection!.events()).not.toContain('call.incoming');
    // The same queries on every path.
    const work = (w: typeof online, username: string) =>
      w.services.log.during(() => w.services.calls.invite(w.mallory, username));
    expect(await work(online, 'bob')).toEqual(['accounts.findByUsername', 'contacts.between']);
    expect(await work(online, 'bobby')).toEqual(await work(offline, 'bob'));
    // The control: a contact's call does ring.
    await online.services.calls.invite(online.alice, 'bob');
    expect(online.bob.connection!.events()).toContain('call.incoming');
    await online.services.stop();
    await offline.services.stop();
  });

  it('a swallowed call ends quietly: the caller cancels it, the callee going offline says nothing', async () => {
    const { services, mallory, bob } = await world(['M2']);
    const callId = await services.calls.invite(mallory, 'bob');
    services.calls.candidates(mallory, callId, [{ type: 'srflx', address: '127.0.113.150', port: 1 }]);
    const before = mallory.connection!.frames.length;
    services.offline(bob);
    expect(mallory.connection!.frames.slice(before).filter((f) => f.event.startsWith('call.'))).toEqual([]);
    services.calls.cancel(mallory, callId);
    expect(services.calls.activeCount()).toBe(0);
    await services.stop();
  });

  it('does not hide addresses by itself: that is M1, and the two combine', () => {
    expect(composePolicy(['M2']).profileFor(bobAtHome, 'contact')).toMatchObject({
      lastSeenAddress: '127.51.100.23',
    });
    expect(composePolicy(['M1', 'M2']).profileFor(bobAtHome, 'contact')).not.toHaveProperty(
      'lastSeenAddress',
    );
  });
});
