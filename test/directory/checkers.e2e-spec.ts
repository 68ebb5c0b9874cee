import { findAddress } from '../support/directory-actions';
import { LabUser, TestDirectory, expectNoAddressOf, startTestDirectory } from '../support/lab-harness';

// The checkers every "nothing leaked" assertion relies on must themselves be able to fail.

describe('the leak checkers', () => {
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

  it('expectNoAddressOf fails on an address in a body, and on one in a WebSocket frame', async () => {
    await mallory.client.lookup('bob');
    expect(() => expectNoAddressOf([bob], mallory.received())).toThrow();
    const watcher = new LabUser('mallory', '127.0.113.66', [], directory);
    await watcher.client.login('mallory', 'mallory-password-1');
    const socket = await watcher.goOnline();
    await socket.subscribe('bob');
    const frames = () => socket.transcript.join('\n');
    expect(() => expectNoAddressOf([bob], frames())).toThrow();
    await watcher.close();
  });

  it('findAddress finds whole addresses only', () => {
    const text = '{"publicAddress":"127.0.2.50","localAddresses":["10.1.2.3"]}';
    expect(findAddress(text, '127.0.2.50')).toBeGreaterThan(0);
    expect(findAddress(text, '10.1.2.3')).toBeGreaterThan(0);
    expect(findAddress(text, '127.0.2.5')).toBe(-1);
    expect(findAddress(text, '0.2.50')).toBe(-1);
    expect(findAddress(text, '10.1.2.30')).toBe(-1);
  });
});
