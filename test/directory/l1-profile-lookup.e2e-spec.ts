import { LabUser, TestDirectory, expectNoAddressOf, startTestDirectory } from '../support/lab-harness';

// L1 — profile lookup: username → last-seen public address and port, and the LAN addresses.

describe('L1 profile lookup', () => {
  describe('vulnerable directory', () => {
    let directory: TestDirectory;
    let bob: LabUser;
    let mallory: LabUser;

    beforeAll(async () => {
      directory = await startTestDirectory([]);
      bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
      mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
      await bob.goOnline();
    });
    afterAll(async () => {
      await bob.close();
      await mallory.close();
      await directory.close();
    });

    it('gives any logged-in stranger the address and port the victim connected from, and its LAN address', async () => {
      const profile = await mallory.client.lookup('bob');
      expect(profile).toMatchObject({
        username: 'bob',
        online: true,
        lastSeenAddress: '127.51.100.23',
        lastSeenPort: bob.socketPort,
        localAddresses: ['192.168.77.20'],
      });
    });

    it('accepts the bearer scheme in any case (RFC 9110)', async () => {
      const response = await mallory.client.request('GET', '/users/bob', undefined, {
        authorization: `bEaReR ${mallory.client.token}`,
      });
      expect(response.status).toBe(200);
    });

    it('keeps giving the last address after the victim went offline', async () => {
      const port = bob.socketPort;
      await bob.socket!.close();
      const profile = await mallory.client.lookup('bob');
      expect(profile).toMatchObject({ online: false, lastSeenAddress: '127.51.100.23', lastSeenPort: port });
      await bob.goOnline();
    });

    it('writes the addresses to the client debug log, the historical Skype route', async () => {
      const lines: string[] = [];
      const logger = { debug: (_: object, message: string) => lines.push(message), warn: () => undefined };
      const eve = await LabUser.create(directory, 'eve', '127.0.113.67', [], logger);
      await eve.client.lookup('bob');
      expect(lines.join('\n')).toContain(`-r127.51.100.23:${bob.socketPort} -l192.168.77.20`);
      await eve.close();
    });
  });

  describe('with M1 (data minimisation)', () => {
    let directory: TestDirectory;
    let bob: LabUser;
    let mallory: LabUser;

    beforeAll(async () => {
      directory = await startTestDirectory(['M1']);
      bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
      mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
      await bob.goOnline();
    });
    afterAll(async () => {
      await bob.close();
      await mallory.close();
      await directory.close();
    });

    it('answers the lookup without any address field', async () => {
      const profile = await mallory.client.lookup('bob');
      expect(profile).toEqual({
        username: 'bob',
        displayName: 'bob',
        online: true,
        lastSeenAt: expect.any(String),
      });
    });

    it('lets no address of any user reach the attacker, in bodies, headers or errors', async () => {
      await mallory.client.lookup('bob');
      await mallory.client.request('GET', '/users/nobody');
      await mallory.client.request('GET', '/users/bob', undefined, { 'x-forwarded-for': '127.51.100.23' });
      expectNoAddressOf([bob], mallory.received());
      expect(mallory.received()).not.toContain('127.0.113.66');
    });
  });
});
