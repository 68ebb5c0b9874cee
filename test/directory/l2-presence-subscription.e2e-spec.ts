import { DirectorySocketError, PresenceSocket } from '@lab/directory-client';
import { LabUser, TestDirectory, expectNoAddressOf, sleep, startTestDirectory } from '../support/lab-harness';

// L2 — presence subscription: follow anyone, and every change carries the new address.

describe('L2 presence subscription', () => {
  let directory: TestDirectory;
  let bob: LabUser;
  let mallory: LabUser;
  let watch: PresenceSocket;

  async function world(mitigations: Parameters<typeof startTestDirectory>[0]) {
    directory = await startTestDirectory(mitigations);
    bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
    mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    watch = await mallory.goOnline();
  }

  async function becomeContactsAndSeeBobComeOnline() {
    await mallory.client.requestContact('bob');
    await bob.client.acceptContact('mallory');
    await watch.subscribe('bob');
    const online = watch.waitFor('presence', (p) => p.username === 'bob' && p.online);
    await bob.goOnline();
    expect(await online).toMatchObject({ username: 'bob', online: true });
  }

  afterEach(async () => {
    await bob.close();
    await mallory.close();
    await directory.close();
  });

  it('vulnerable: a stranger follows the victim live, from network to network', async () => {
    await world([]);
    await watch.subscribe('bob');
    const online = watch.waitFor('presence', (p) => p.online && (p.localAddresses?.length ?? 0) > 0);
    await bob.goOnline();
    expect(await online).toMatchObject({
      username: 'bob',
      publicAddress: '127.51.100.23',
      port: bob.socketPort,
      localAddresses: ['192.168.77.20'],
    });

    // bob leaves home and logs in from the mobile network, behind the CGNAT's public address
    await bob.close();
    const mobile = await LabUser.create(directory, 'bob-phone', '127.0.2.5');
    const moved = new LabUser('bob', '127.0.2.5', ['10.20.30.40'], directory);
    await moved.client.login('bob', 'bob-password-1');
    const next = watch.waitFor('presence', (p) => p.online && p.publicAddress === '127.0.2.5');
    await moved.goOnline();
    expect(await next).toMatchObject({
      username: 'bob',
      publicAddress: '127.0.2.5',
      port: moved.socketPort,
    });
    await moved.close();
    await mobile.close();
  });

  it('M1: the frames still say online/offline, without any address', async () => {
    await world(['M1']);
    await watch.subscribe('bob');
    const online = watch.waitFor('presence', (p) => p.online);
    await bob.goOnline();
    expect(await online).toEqual({ username: 'bob', online: true, at: expect.any(String) });
    await sleep(100);
    // bob's client also reported its LAN address: with M1 nothing visible changed, so no second frame.
    expect(watch.frames.filter((f) => f.event === 'presence' && f.data.online)).toHaveLength(1);
    // Nor after someone else subscribes and bob's client reports again.
    const eve = await LabUser.create(directory, 'eve', '127.0.113.67');
    await (await eve.goOnline()).subscribe('bob');
    const reported = bob.socket!.waitFor('presence.reported');
    bob.socket!.send('presence.report', { localAddresses: ['192.168.77.21'] });
    await reported;
    await sleep(100);
    expect(watch.frames.filter((f) => f.event === 'presence' && f.data.online)).toHaveLength(1);
    await eve.close();
    await bob.socket!.close();
    await watch.waitFor('presence', (p) => !p.online);
    expectNoAddressOf([bob], mallory.received());
  });

  it('M2: a stranger cannot subscribe, and gets exactly the missing-user answer', async () => {
    await world(['M2']);
    await bob.goOnline();
    const stranger = await watch.subscribe('bob').catch((e: DirectorySocketError) => e);
    const missing = await watch.subscribe('nobody').catch((e: DirectorySocketError) => e);
    expect(stranger).toBeInstanceOf(DirectorySocketError);
    expect({
      code: (stranger as DirectorySocketError).code,
      message: (stranger as DirectorySocketError).message,
    }).toEqual({
      code: (missing as DirectorySocketError).code,
      message: (missing as DirectorySocketError).message.replace('nobody', 'bob'),
    });
    await bob.socket!.close();
    await sleep(100);
    expect(watch.frames.filter((f) => f.event === 'presence')).toEqual([]);
    expectNoAddressOf([bob], mallory.received());
    // Positive control: once they are contacts, the same socket does get bob's presence.
    await becomeContactsAndSeeBobComeOnline();
  });

  it('M2: mutual contacts still see presence, until the contact is removed', async () => {
    await world(['M2']);
    await mallory.client.requestContact('bob');
    await bob.client.acceptContact('mallory');
    await watch.subscribe('bob');
    const online = watch.waitFor('presence', (p) => p.online);
    await bob.goOnline();
    expect((await online).publicAddress).toBe('127.51.100.23'); // M2 alone does not hide the address from contacts

    await bob.client.removeContact('mallory');
    const before = watch.frames.length;
    await bob.socket!.close();
    await sleep(100);
    expect(watch.frames.slice(before).filter((f) => f.event === 'presence')).toEqual([]);
    // Positive control: contacts again, the same socket gets his presence again.
    await becomeContactsAndSeeBobComeOnline();
  });
});
