import { openDatabase } from './sqlite-database';
import { SqliteAccountsRepository, SqliteContactsRepository } from './sqlite-repositories';

describe('SqliteContactsRepository: the cache of the row between two accounts', () => {
  const open = async () => {
    const db = openDatabase(':memory:');
    const accounts = new SqliteAccountsRepository(db);
    const account = (username: string) =>
      accounts.create({ username, displayName: username, passwordHash: 'x', createdAt: 'now' });
    const [alice, bob, carol] = [await account('alice'), await account('bob'), await account('carol')];
    return { db, contacts: new SqliteContactsRepository(db), alice: alice.id, bob: bob.id, carol: carol.id };
  };

  it('sees every change made through the repository: request, accept, delete, whichever side asks', async () => {
    const { contacts, alice, bob } = await open();
    expect(await contacts.between(alice, bob)).toBeUndefined();
    await contacts.createRequest(alice, bob, 't1');
    expect(await contacts.between(bob, alice)).toMatchObject({
      requesterId: alice,
      addresseeId: bob,
      state: 'pending',
    });
    await contacts.accept(alice, bob, 't2');
    expect(await contacts.between(alice, bob)).toMatchObject({ state: 'accepted', updatedAt: 't2' });
    expect(await contacts.delete(bob, alice)).toBe(true);
    expect(await contacts.between(alice, bob)).toBeUndefined();
  });

  it('forgets the pair when a change fails, so the next answer is what the table holds', async () => {
    const { contacts, alice, bob } = await open();
    await contacts.createRequest(alice, bob, 't1');
    expect(await contacts.between(alice, bob)).toMatchObject({ state: 'pending' });
    await expect(contacts.createRequest(alice, bob, 't2')).rejects.toThrow(/UNIQUE/);
    expect(await contacts.between(alice, bob)).toMatchObject({ state: 'pending', createdAt: 't1' });
  });

  it('reads each pair from SQLite once, with a row or without (same work for both)', async () => {
    const { db, contacts, alice, bob, carol } = await open();
    await contacts.createRequest(alice, bob, 't1');
    expect(await contacts.between(alice, bob)).toMatchObject({ state: 'pending' });
    expect(await contacts.between(alice, carol)).toBeUndefined();
    // Behind the repository's back (nothing in the directory does this): the cache answers both.
    db.exec('DELETE FROM contacts');
    db.prepare("INSERT INTO contacts VALUES (?, ?, 'accepted', 'now', 'now')").run(alice, carol);
    expect(await contacts.between(alice, bob)).toMatchObject({ state: 'pending' });
    expect(await contacts.between(carol, alice)).toBeUndefined();
    // Positive control: a fresh repository on the same database reads the rows as they are now.
    const fresh = new SqliteContactsRepository(db);
    expect(await fresh.between(alice, bob)).toBeUndefined();
    expect(await fresh.between(carol, alice)).toMatchObject({ state: 'accepted' });
  });

  it('hands out copies: a caller changing its row changes nothing for the next one', async () => {
    const { contacts, alice, bob } = await open();
    await contacts.createRequest(alice, bob, 't1');
    const first = (await contacts.between(alice, bob))!;
    first.state = 'accepted';
    expect((await contacts.between(alice, bob))!.state).toBe('pending');
  });
});
