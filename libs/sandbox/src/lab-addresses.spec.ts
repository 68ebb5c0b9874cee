import { OUTSIDE_LAB, labLanAddressOrPlaceholder, labPublicAddressOrPlaceholder } from './lab-addresses';

describe('lab addresses', () => {
  it.each([
    ['127.51.100.23', '127.51.100.23'],
    ['::ffff:127.0.113.7', '127.0.113.7'],
    ['198.51.100.23', '198.51.100.23'],
    ['198.18.2.5', '198.18.2.5'], // the Docker world's CGNAT address where TEST-NET-1 is the host's LAN
    ['198.19.7.42', '198.19.7.42'], // the large-population range (bench/tracking-study)
    ['127.19.7.42', '127.19.7.42'], // and its loopback mirror
  ])('keeps the lab public address %s', (raw, kept) => {
    expect(labPublicAddressOrPlaceholder(raw)).toBe(kept);
  });

  it.each([
    '127.64.3.9',
    '198.18.3.5', // the benchmarking range beyond the Docker alternate is not the lab's
    '198.20.0.1', // nor is anything past the large-population range
    '127.20.0.1',
    '100.100.0.1',
    '127.0.0.1',
    '::1',
    '8.8.8.8',
    '192.168.1.10',
    '2001:db8::1',
    '',
    undefined,
    'not-an-ip',
  ])('replaces %p, which the lab does not own, with the placeholder', (raw) => {
    expect(labPublicAddressOrPlaceholder(raw)).toBe(OUTSIDE_LAB);
  });

  it('keeps private LAN addresses and replaces public ones reported as LAN', () => {
    expect(labLanAddressOrPlaceholder('192.168.77.20')).toBe('192.168.77.20');
    expect(labLanAddressOrPlaceholder('10.1.2.3')).toBe('10.1.2.3');
    expect(labLanAddressOrPlaceholder('81.2.69.160')).toBe(OUTSIDE_LAB);
  });
});
