import { DirectoryServices } from '../test-support/directory-services';
import { UsernameTakenError } from '../persistence/repositories';
import { hashToken } from './accounts.service';
import { PasswordHasher } from './password-hasher';

describe('AccountsService', () => {
  let world: DirectoryServices;
  afterEach(async () => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    await world.stop();
  });

  /** A session written straight to the repository, for a token the spec chose. */
  async function plantSession(token: string, accountId: number, expiresAt: number) {
    await world.sessionsRepository.create({
      tokenHash: hashToken(token),
      accountId,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    });
  }

  describe('sign-up', () => {
    it('stores the account under its username, with a trimmed display name, and never the password itself', async () => {
      world = await new DirectoryServices().start();
      const before = Date.now();
      const view = await world.accounts.register('bob', 'bobs-password-1', '  Bob Example  ');
      expect(view).toMatchObject({ username: 'bob', displayName: 'Bob Example' });
      expect(Date.parse(view.createdAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(view.createdAt)).toBeLessThanOrEqual(Date.now());
      const stored = await world.accounts.findByUsername('bob');
      expect(stored).toMatchObject({
        username: 'bob',
        displayName: 'Bob Example',
        createdAt: view.createdAt,
      });
      expect(stored!.passwordHash).toMatch(/^scrypt\$/);
      expect(stored!.passwordHash).not.toContain('bobs-password-1');
      expect(await world.accounts.findById(stored!.id)).toEqual(stored);
    });

    it('uses the username as display name when none, or only blanks, are given', async () => {
      world = await new DirectoryServices().start();
      expect((await world.accounts.register('bob', 'bobs-password-1')).displayName).toBe('bob');
      expect((await world.accounts.register('carol', 'carols-password-1', '   ')).displayName).toBe('carol');
    });

    it('refuses a taken username with username_taken, and keeps the first account', async () => {
      world = await new DirectoryServices().start();
      await world.accounts.register('bob', 'bobs-password-1', 'Bob');
      await expect(world.accounts.register('bob', 'another-password', 'Impostor')).rejects.toMatchObject({
        code: 'username_taken',
        message: expect.stringContaining('"bob"'),
      });
      expect((await world.accounts.findByUsername('bob'))!.displayName).toBe('Bob');
    });

    it('refuses a taken username without spending a password hash on it', async () => {
      world = await new DirectoryServices().start();
      const hashes = jest.spyOn(PasswordHasher.prototype, 'hash');
      await world.accounts.register('bob', 'bobs-password-1', 'Bob');
      expect(hashes).toHaveBeenCalledTimes(1); // the control: a new account is hashed
      await expect(world.accounts.register('bob', 'another-password')).rejects.toMatchObject({
        code: 'username_taken',
      });
      expect(hashes).toHaveBeenCalledTimes(1);
    });

    it('passes on a storage failure as it is: only a taken username is the user’s fault', async () => {
      world = await new DirectoryServices().start();
      const failure = new Error('disk full');
      jest.spyOn(world.accountsRepository, 'create').mockRejectedValueOnce(failure);
      await expect(world.accounts.register('bob', 'bobs-password-1')).rejects.toBe(failure);
      // The control: the repository's own refusal is the one turned into username_taken.
      jest.spyOn(world.accountsRepository, 'create').mockRejectedValueOnce(new UsernameTakenError());
      await expect(world.accounts.register('bob', 'bobs-password-1')).rejects.toMatchObject({
        code: 'username_taken',
      });
    });
  });

  describe('login', () => {
    it('opens a session for the right password: a random token, stored only as its hash, that authenticates', async () => {
      world = await new DirectoryServices().start();
      await world.accounts.register('bob', 'bobs-password-1', 'Bob');
      const before = Date.now();
      const session = await world.accounts.login('bob', 'bobs-password-1');
      expect(session.username).toBe('bob');
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      const expiresAt = Date.parse(session.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + world.options.sessionTtlMs);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + world.options.sessionTtlMs);
      const stored = await world.sessionsRepository.find(hashToken(session.token));
      expect(stored).toMatchObject({ expiresAt: session.expiresAt });
      expect(Date.parse(stored!.createdAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(stored!.createdAt)).toBeLessThanOrEqual(expiresAt - world.options.sessionTtlMs);
      expect(await world.sessionsRepository.find(session.token)).toBeUndefined();
      expect(await world.accounts.authenticate(session.token)).toEqual({
        id: stored!.accountId,
        username: 'bob',
        displayName: 'Bob',
      });
      const second = await world.accounts.login('bob', 'bobs-password-1');
      expect(second.token).not.toBe(session.token);
    });

    it('refuses a wrong password with invalid_credentials, and opens no session', async () => {
      world = await new DirectoryServices().start();
      await world.accounts.register('bob', 'bobs-password-1');
      const calls = await world.log.during(() =>
        expect(world.accounts.login('bob', 'bobs-password-2')).rejects.toMatchObject({
          code: 'invalid_credentials',
        }),
      );
      expect(calls).not.toContain('sessions.create');
      // The control: the right password does write one.
      expect(await world.log.during(() => world.accounts.login('bob', 'bobs-password-1'))).toContain(
        'sessions.create',
      );
    });

    it('vulnerable: a missing account is unknown_user, answered without a password check', async () => {
      world = await new DirectoryServices().start();
      await expect(world.accounts.login('nobody', 'a-password-1')).rejects.toMatchObject({
        code: 'unknown_user',
        message: expect.stringContaining('"nobody"'),
      });
    });

    it('M5: a missing account is invalid_credentials, after a password check against a dummy hash', async () => {
      const dummyChecks = jest.spyOn(PasswordHasher.prototype, 'verifyAgainstDummy');
      const hashes = jest.spyOn(PasswordHasher.prototype, 'hash');
      world = await new DirectoryServices(['M5']).start();
      // At start, the dummy hash is made (and nothing checked against it yet), so the first login to
      // a missing account is not the slow one.
      expect(hashes).toHaveBeenCalledTimes(1);
      expect(dummyChecks).not.toHaveBeenCalled();
      await expect(world.accounts.login('nobody', 'a-password-1')).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
      expect(dummyChecks).toHaveBeenCalledTimes(1);
      expect(dummyChecks).toHaveBeenLastCalledWith('a-password-1');
      expect(hashes).toHaveBeenCalledTimes(1); // the same dummy, not a new one
    });

    it('vulnerable: neither the start nor a login to a missing account checks a dummy hash', async () => {
      const dummyChecks = jest.spyOn(PasswordHasher.prototype, 'verifyAgainstDummy');
      const hashes = jest.spyOn(PasswordHasher.prototype, 'hash');
      world = await new DirectoryServices().start();
      expect(hashes).not.toHaveBeenCalled();
      await expect(world.accounts.login('nobody', 'a-password-1')).rejects.toMatchObject({
        code: 'unknown_user',
      });
      expect(dummyChecks).not.toHaveBeenCalled(); // the M5 spec beside this one is the positive control
    });
  });

  describe('sessions', () => {
    it('authenticates nothing for no token, an empty one, an unknown one, or one longer than 256 characters', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const long = 'x'.repeat(257);
      const longest = 'y'.repeat(256);
      await plantSession(long, bob.id, Date.now() + 60_000);
      await plantSession(longest, bob.id, Date.now() + 60_000);
      expect(await world.accounts.authenticate(undefined)).toBeUndefined();
      expect(await world.accounts.authenticate('')).toBeUndefined();
      expect(await world.accounts.authenticate('not-a-token')).toBeUndefined();
      expect(await world.accounts.authenticate(long)).toBeUndefined();
      // The control: the same kind of session, 256 characters long, is accepted.
      expect(await world.accounts.authenticate(longest)).toMatchObject({ id: bob.id, username: 'bob' });
    });

    it('says when a session ends, and refuses one that has ended, also once it is cached', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const now = Date.now();
      const endsAt = now + 60_000;
      await plantSession('ended', bob.id, now - 1);
      await plantSession('ending', bob.id, endsAt);
      expect(await world.accounts.authenticateSession('ended')).toBeUndefined();
      expect(await world.accounts.authenticateSession('ending')).toEqual({
        account: { id: bob.id, username: 'bob', displayName: 'bob' },
        expiresAt: endsAt,
      });
      jest.spyOn(Date, 'now').mockReturnValue(endsAt - 1);
      expect(await world.accounts.authenticate('ending')).toMatchObject({ id: bob.id }); // the control
      jest.spyOn(Date, 'now').mockReturnValue(endsAt);
      expect(await world.accounts.authenticate('ending')).toBeUndefined();
    });

    it('answers a hot session from memory, without asking the repositories again', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      await plantSession('hot', bob.id, Date.now() + 60_000);
      const first = await world.log.during(() => world.accounts.authenticate('hot'));
      expect(first).toEqual(['sessions.find', 'accounts.findById']);
      const second = await world.log.during(() => world.accounts.authenticate('hot'));
      expect(second).toEqual([]);
    });

    it('refuses the session of an account that no longer exists', async () => {
      world = await new DirectoryServices().start();
      await plantSession('orphan', 404, Date.now() + 60_000);
      expect(await world.accounts.authenticate('orphan')).toBeUndefined();
    });

    it('logout ends the session at once, even a cached one, and tells every listener its hash', async () => {
      world = await new DirectoryServices().start();
      await world.accounts.register('bob', 'bobs-password-1');
      const { token } = await world.accounts.login('bob', 'bobs-password-1');
      const other = await world.accounts.login('bob', 'bobs-password-1');
      const heard: string[][] = [[], []];
      world.accounts.onSessionEnded((hash) => heard[0].push(hash));
      world.accounts.onSessionEnded((hash) => heard[1].push(hash));
      expect(await world.accounts.authenticate(token)).toMatchObject({ username: 'bob' }); // cached now
      await world.accounts.logout(token);
      expect(await world.accounts.authenticate(token)).toBeUndefined();
      expect(await world.sessionsRepository.find(hashToken(token))).toBeUndefined();
      expect(heard).toEqual([[hashToken(token)], [hashToken(token)]]);
      // The user's other session is not touched.
      expect(await world.accounts.authenticate(other.token)).toMatchObject({ username: 'bob' });
    });

    it('sweeps expired sessions from storage at start and every hour after, until shut down', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      world = new DirectoryServices();
      const bob = await world.user('bob');
      await plantSession('expired', bob.id, Date.now() - 1);
      await plantSession('valid', bob.id, Date.now() + 10 * 3600_000);
      const sweeps = () => world.log.calls.filter((call) => call === 'sessions.deleteExpired').length;
      await world.start();
      expect(sweeps()).toBe(1);
      expect(await world.sessionsRepository.find(hashToken('expired'))).toBeUndefined();
      expect(await world.sessionsRepository.find(hashToken('valid'))).toBeDefined();
      jest.advanceTimersByTime(3600_000 - 1);
      expect(sweeps()).toBe(1);
      jest.advanceTimersByTime(1);
      expect(sweeps()).toBe(2);
      world.accounts.onApplicationShutdown();
      jest.advanceTimersByTime(2 * 3600_000);
      expect(sweeps()).toBe(2);
    });
  });
});
