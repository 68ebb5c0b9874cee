import {
  anyCidrContains,
  cidrContains,
  intToIpv4,
  ipv4ToInt,
  isLoopback,
  normaliseAddress,
  parseCidr,
} from './ipv4';

describe('IPv4 helpers', () => {
  it.each([
    ['0.0.0.0', 0],
    ['1.2.3.4', 0x01020304],
    ['198.51.100.23', 3325256727],
    ['255.255.255.255', 0xffffffff], // unsigned: the top bit set is not a negative number
  ])('%s is the integer %d, and back', (address, value) => {
    expect(ipv4ToInt(address)).toBe(value);
    expect(intToIpv4(value)).toBe(address);
  });

  it('parses a CIDR block to its network address and prefix length, keeping the text', () => {
    expect(parseCidr('198.51.100.77/24')).toEqual({
      text: '198.51.100.77/24',
      base: ipv4ToInt('198.51.100.0'),
      bits: 24,
    });
    expect(parseCidr('255.255.255.255/1')).toEqual({ text: '255.255.255.255/1', base: 0x80000000, bits: 1 });
    expect(parseCidr('10.1.2.3/32').base).toBe(ipv4ToInt('10.1.2.3'));
    expect(parseCidr('198.51.100.77/0')).toEqual({ text: '198.51.100.77/0', base: 0, bits: 0 });
  });

  it.each([
    '198.51.100.0',
    '198.51.100.0/',
    '198.51.100.0/ 24',
    '198.51.100.0/24/8',
    '198.51.100.0/33',
    '198.51.100.0/-1',
    '198.51.100.0/24.5',
    '198.51.100.0/x',
    '198.51.100/24',
    '256.1.1.1/8',
    'lab.example/24',
    '2001:db8::/32',
  ])('refuses %p, saying what a CIDR block looks like', (text) => {
    expect(() => parseCidr(text)).toThrow(`"${text}" is not an IPv4 CIDR block such as 198.51.100.0/24`);
  });

  it('tells the addresses inside a block from those just outside it', () => {
    const block = parseCidr('198.51.100.0/24');
    expect(cidrContains(block, '198.51.100.0')).toBe(true);
    expect(cidrContains(block, '198.51.100.255')).toBe(true);
    expect(cidrContains(block, '198.51.99.255')).toBe(false);
    expect(cidrContains(block, '198.51.101.0')).toBe(false);
    expect(cidrContains(parseCidr('255.0.0.0/8'), '255.1.2.3')).toBe(true);
    expect(cidrContains(parseCidr('255.0.0.0/8'), '254.1.2.3')).toBe(false);
    expect(cidrContains(parseCidr('10.1.2.3/32'), '10.1.2.3')).toBe(true);
    expect(cidrContains(parseCidr('10.1.2.3/32'), '10.1.2.4')).toBe(false);
  });

  it('finds an address in any of several blocks, and in none when it is outside them all', () => {
    const blocks = ['10.0.0.0/8', '198.51.100.0/24', '192.0.2.7/32'].map(parseCidr);
    expect(anyCidrContains(blocks, '10.255.0.1')).toBe(true);
    expect(anyCidrContains(blocks, '198.51.100.23')).toBe(true);
    expect(anyCidrContains(blocks, '192.0.2.7')).toBe(true);
    expect(anyCidrContains(blocks, '192.0.2.8')).toBe(false);
    expect(anyCidrContains(blocks, '11.0.0.1')).toBe(false);
    expect(anyCidrContains(blocks, '198.51.10.23')).toBe(false); // a prefix of the text is not a prefix of the address
    expect(anyCidrContains([parseCidr('0.0.0.0/0')], '::ffff:10.0.0.1')).toBe(false);
    expect(anyCidrContains([parseCidr('0.0.0.0/0')], '1.2.3.4')).toBe(true);
    expect(anyCidrContains([], '10.0.0.1')).toBe(false);
  });

  it('the whole-internet block holds every IPv4 address and nothing else', () => {
    const everything = parseCidr('0.0.0.0/0');
    expect(cidrContains(everything, '0.0.0.0')).toBe(true);
    expect(cidrContains(everything, '255.255.255.255')).toBe(true);
    expect(cidrContains(everything, '::1')).toBe(false);
    expect(cidrContains(everything, 'not-an-ip')).toBe(false);
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.51.100.23', '127.51.100.23'],
    ['::1', '::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:not-an-ip', undefined],
    ['not-an-ip', undefined],
    ['lab.example', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('normalises %p to %p', (raw, address) => {
    expect(normaliseAddress(raw)).toBe(address);
  });

  it('knows loopback: all of 127.0.0.0/8 and ::1, nothing next to them', () => {
    for (const address of ['127.0.0.1', '127.0.0.0', '127.255.255.255', '127.51.100.23', '::1'])
      expect([address, isLoopback(address)]).toEqual([address, true]);
    for (const address of ['126.255.255.255', '128.0.0.0', '::2', '0.0.0.0', 'localhost'])
      expect([address, isLoopback(address)]).toEqual([address, false]);
  });
});
