import { canBindLoopback } from './loopback-support';

describe('loopback support', () => {
  it('can bind 127.0.0.1 everywhere', async () => {
    expect(await canBindLoopback('127.0.0.1')).toBe(true);
  });

  it('cannot bind an address no interface has (how macOS answers for 127.51.100.10)', async () => {
    expect(await canBindLoopback('192.0.2.99')).toBe(false);
  });
});
