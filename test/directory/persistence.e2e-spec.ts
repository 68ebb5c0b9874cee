import { join } from 'node:path';
import { LabUser, startTestDirectory, tempDir } from '../support/lab-harness';

describe('storage', () => {
  it.each([[[]], [['M1', 'M2', 'M3', 'M5', 'M6']]])(
    'a restart keeps accounts, sessions and contacts (mitigations %p)',
    async (mitigations) => {
      const dir = tempDir();
      const database = join(dir.path, 'directory.sqlite');
      let directory = await startTestDirectory(mitigations as never, { database });
      const alice = await LabUser.create(directory, 'alice', '127.51.100.10');
      const bob = await LabUser.create(directory, 'bob', '127.51.100.11');
      const carol = await LabUser.create(directory, 'carol', '127.51.100.12');
      await alice.client.requestContact('bob');
      await bob.client.acceptContact('alice');
      await carol.client.requestContact('alice');
      const token = alice.client.token;
      await Promise.all([alice, bob, carol].map((u) => u.close()));
      await directory.close();

      directory = await startTestDirectory(mitigations as never, { database });
      const again = new LabUser('alice', '127.51.100.10', [], directory);
      again.client.token = token; // the session survives the restart
      expect(
        (await again.client.contacts()).contacts.map(({ username, state }) => ({ username, state })),
      ).toEqual([
        { username: 'bob', state: 'accepted' },
        { username: 'carol', state: 'incoming' },
      ]);
      await again.client.login('alice', 'alice-password-1');
      await again.close();
      await directory.close();
      dir.remove();
    },
  );

  it('refuses a database from a newer lab instead of damaging it', async () => {
    const dir = tempDir();
    const database = join(dir.path, 'directory.sqlite');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(database);
    db.pragma('user_version = 99');
    db.close();
    await expect(startTestDirectory([], { database })).rejects.toThrow(
      /schema version 99, newer than this directory knows/,
    );
    dir.remove();
  });
});
