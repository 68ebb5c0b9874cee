import { openDatabase } from './sqlite-database';
import { SqliteAccountsRepository } from './sqlite-repositories';

const carol = {
  username: 'carol',
  displayName: 'Carol',
  passwordHash: 'x',
  createdAt: '2026-01-01T00:00:00Z',
};

describe('SqliteAccountsRepository: the username cache', () => {
  const open = () => {
    const db = openDatabase(':memory:');
    return { db, accounts: new SqliteAccountsRepository(db) };
  };

  it('finds an account created after its username was asked for and found missing', async () => {
    const { accounts } = open();
    expect(await accounts.findByUsername('carol')).toBeUndefined();
    const created = await accounts.create(carol);
    expect(await accounts.findByUsername('carol')).toEqual(created);
  });

  it('reads each username from SQLite once, whether the account exists or not (same work for both)', async () => {
    const { db, accounts } = open();
    await accounts.create(carol);
    expect(await accounts.findByUsername('carol')).toMatchObject({ username: 'carol' });
    expect(await accounts.findByUsername('nobody')).toBeUndefined();
    // Behind the repository's back (nothing in the directory does this): the cache answers both.
    db.exec("DELETE FROM accounts WHERE username = 'carol'");
    db.exec(
      "INSERT INTO accounts (username, display_name, password_hash, created_at) VALUES ('nobody', 'N', 'x', 'now')",
    );
    expect(await accounts.findByUsername('carol')).toMatchObject({ username: 'carol' });
    expect(await accounts.findByUsername('nobody')).toBeUndefined();
    // Positive control: a fresh repository on the same database reads the rows as they are now.
    const fresh = new SqliteAccountsRepository(db);
    expect(await fresh.findByUsername('carol')).toBeUndefined();
    expect(await fresh.findByUsername('nobody')).toMatchObject({ username: 'nobody' });
  });

  it('hands out copies: a caller changing its account changes nothing for the next one', async () => {
    const { accounts } = open();
    await accounts.create(carol);
    const first = (await accounts.findByUsername('carol'))!;
    first.displayName = 'Mallory';
    expect((await accounts.findByUsername('carol'))!.displayName).toBe('Carol');
  });
});
