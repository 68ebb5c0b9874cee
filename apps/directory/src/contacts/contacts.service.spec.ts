import { DirectoryServices, TestUser } from '../test-support/directory-services';

describe('ContactsService', () => {
  let world: DirectoryServices;
  let alice: TestUser;
  let bob: TestUser;

  beforeEach(async () => {
    world = await new DirectoryServices().start();
    alice = await world.user('alice');
    bob = await world.user('bob');
    world.online(alice, '127.0.113.160');
    world.online(bob, '127.51.100.50');
  });
  afterEach(() => world.stop());

  const listOf = async (user: TestUser) =>
    (await world.contacts.list(user)).contacts.map(({ username, state }) => `${username}:${state}`);

  it('a request, then its acceptance, makes two mutual contacts; each side is told', async () => {
    expect(await world.contacts.request(alice, 'bob')).toEqual({ status: 'sent' });
    expect(await listOf(alice)).toEqual(['bob:outgoing']);
    expect(await listOf(bob)).toEqual(['alice:incoming']);
    await world.contacts.accept(bob, 'alice');
    expect(await listOf(alice)).toEqual(['bob:accepted']);
    expect(await world.relations.relation(alice.id, bob.id)).toBe('contact');
    expect(bob.connection!.frames).toContainEqual({ event: 'contact.request', data: { from: 'alice' } });
    expect(alice.connection!.frames).toContainEqual({ event: 'contact.accepted', data: { username: 'bob' } });
  });

  it('asking back is accepting', async () => {
    await world.contacts.request(alice, 'bob');
    await world.contacts.request(bob, 'alice');
    expect(await world.relations.relation(bob.id, alice.id)).toBe('contact');
  });

  it('a pending request is not a contact: both stay strangers', async () => {
    await world.contacts.request(alice, 'bob');
    expect(await world.relations.relation(alice.id, bob.id)).toBe('stranger');
    expect(await world.relations.relation(bob.id, alice.id)).toBe('stranger');
  });

  it('refuses a request to oneself, to a contact, and an acceptance of a request that is not there', async () => {
    await expect(world.contacts.request(alice, 'alice')).rejects.toMatchObject({
      code: 'cannot_contact_self',
    });
    await world.makeContacts(alice, bob);
    await expect(world.contacts.request(alice, 'bob')).rejects.toMatchObject({ code: 'already_contacts' });
    await expect(world.contacts.accept(alice, 'bob')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
  });

  it('only the addressee accepts or declines; the requester withdraws', async () => {
    await world.contacts.request(alice, 'bob');
    await expect(world.contacts.accept(alice, 'bob')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
    await expect(world.contacts.remove(bob, 'alice')).rejects.toMatchObject({ code: 'contact_not_found' });
    await world.contacts.decline(bob, 'alice');
    expect(await listOf(alice)).toEqual([]);
    await world.contacts.request(alice, 'bob');
    await world.contacts.remove(alice, 'bob');
    expect(await listOf(bob)).toEqual([]);
  });

  it('either contact removes the other', async () => {
    await world.makeContacts(alice, bob);
    await world.contacts.remove(bob, 'alice');
    expect(await world.relations.relation(alice.id, bob.id)).toBe('stranger');
  });

  it('Relations.standing runs the same query for a missing user as for an existing one', async () => {
    const missing = await world.log.during(() => world.relations.standing(alice.id, undefined));
    const existing = await world.log.during(() => world.relations.standing(alice.id, bob));
    expect(missing).toEqual(['contacts.between']);
    expect(existing).toEqual(missing);
    expect(await world.relations.standing(alice.id, undefined)).toBe('missing');
    expect(await world.relations.standing(alice.id, alice)).toBe('self');
    expect(await world.relations.relation(alice.id, alice.id)).toBe('self');
    expect(await world.relations.relation(alice.id, bob.id)).toBe('stranger');
  });

  it('a second request while the first is pending changes nothing and tells nobody again', async () => {
    await world.contacts.request(alice, 'bob');
    expect(await world.contacts.request(alice, 'bob')).toEqual({ status: 'sent' });
    expect(bob.connection!.events().filter((e) => e.startsWith('contact.'))).toEqual(['contact.request']);
    expect(await listOf(alice)).toEqual(['bob:outgoing']);
  });

  it('asking back tells the first requester, and lists both as contacts since then', async () => {
    await world.contacts.request(alice, 'bob');
    const requested = (await world.contacts.list(bob)).contacts[0].since;
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await world.contacts.request(bob, 'alice')).toEqual({ status: 'sent' });
    expect(alice.connection!.frames.at(-1)).toEqual({ event: 'contact.accepted', data: { username: 'bob' } });
    expect(bob.connection!.frames.filter((f) => f.event === 'contact.request')).toHaveLength(1);
    expect(await listOf(alice)).toEqual(['bob:accepted']);
    expect(await listOf(bob)).toEqual(['alice:accepted']);
    expect((await world.contacts.list(bob)).contacts[0].since > requested).toBe(true);
  });

  it('a declined request can be sent again; a decline or an acceptance needs a pending request', async () => {
    await world.contacts.request(alice, 'bob');
    await world.contacts.decline(bob, 'alice');
    await expect(world.contacts.decline(bob, 'alice')).rejects.toMatchObject({
      code: 'contact_request_not_found',
      message: expect.stringContaining('"alice"'),
    });
    await world.contacts.request(alice, 'bob');
    expect(bob.connection!.frames.filter((f) => f.event === 'contact.request')).toHaveLength(2);
    await world.contacts.accept(bob, 'alice');
    await expect(world.contacts.accept(bob, 'alice')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
    await expect(world.contacts.decline(bob, 'alice')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
    await expect(world.contacts.accept(bob, 'nobody')).rejects.toMatchObject({
      code: 'contact_request_not_found',
    });
    expect(await listOf(bob)).toEqual(['alice:accepted']);
  });

  it('vulnerable: a request to or a removal of a missing user says so', async () => {
    await expect(world.contacts.request(alice, 'nobody')).rejects.toMatchObject({
      code: 'user_not_found',
      message: expect.stringContaining('"nobody"'),
    });
    await expect(world.contacts.remove(alice, 'nobody')).rejects.toMatchObject({
      code: 'contact_not_found',
      message: expect.stringContaining('"nobody"'),
    });
    await expect(world.contacts.remove(alice, 'bob')).rejects.toMatchObject({ code: 'contact_not_found' });
  });
});
