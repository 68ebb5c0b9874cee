import { DirectoryServices, TestUser } from '../test-support/directory-services';

describe('ProfilesService', () => {
  let world: DirectoryServices;
  let alice: TestUser;
  let bob: TestUser;
  afterEach(() => world.stop());

  async function setUp(mitigations: 'M2'[] = []) {
    world = await new DirectoryServices(mitigations).start();
    alice = await world.user('alice');
    bob = await world.user('bob');
    world.online(bob, '127.51.100.23', ['192.168.77.20']);
  }

  it('vulnerable: anyone who looks a user up gets the profile with the address the directory saw', async () => {
    await setUp();
    expect(await world.profiles.lookup(alice, 'bob')).toEqual({
      username: 'bob',
      displayName: 'bob',
      online: true,
      lastSeenAt: expect.any(String),
      lastSeenAddress: '127.51.100.23',
      lastSeenPort: 50_000 + bob.id,
      localAddresses: ['192.168.77.20'],
    });
    await expect(world.profiles.lookup(alice, 'nobody')).rejects.toMatchObject({
      code: 'user_not_found',
      message: expect.stringContaining('"nobody"'),
    });
  });

  it('tells the policy how the viewer stands to the user', async () => {
    await setUp();
    await world.makeContacts(alice, bob);
    const carol = await world.user('carol');
    expect(await world.profiles.visibleTarget(alice, 'bob')).toMatchObject({
      account: { id: bob.id, username: 'bob' },
      relation: 'contact',
    });
    expect((await world.profiles.visibleTarget(carol, 'bob')).relation).toBe('stranger');
    expect((await world.profiles.visibleTarget(bob, 'bob')).relation).toBe('self');
  });

  it('M2: a stranger gets the missing-user answer, after the same queries; a contact gets the profile', async () => {
    await setUp(['M2']);
    const stranger = await world.log.during(() =>
      expect(world.profiles.lookup(alice, 'bob')).rejects.toMatchObject({ code: 'user_not_found' }),
    );
    const missing = await world.log.during(() =>
      expect(world.profiles.lookup(alice, 'nobody')).rejects.toMatchObject({ code: 'user_not_found' }),
    );
    expect(stranger).toEqual(missing);
    await world.makeContacts(alice, bob);
    expect(await world.profiles.lookup(alice, 'bob')).toMatchObject({ username: 'bob', online: true });
  });
});
