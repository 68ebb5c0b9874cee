import { ConfigError, directoryOptionsFromEnv, parseMitigations, variantOf } from './directory.config';

describe('directory configuration', () => {
  it.each([
    ['none', []],
    ['', []],
    ['all', ['M1', 'M2', 'M3', 'M4', 'M5', 'M6']],
    ['m3, M1', ['M1', 'M3']],
    ['M4', ['M4']],
  ])('parses DIRECTORY_MITIGATIONS=%p', (text, ids) => {
    expect(parseMitigations(text)).toEqual(ids);
  });

  it.each([
    ['M7', /"M7" is not a mitigation/],
    ['M1;M2', /not a mitigation/],
  ])('refuses %p naming the variable', (text, message) => {
    expect(() => parseMitigations(text)).toThrow(ConfigError);
    expect(() => parseMitigations(text)).toThrow(message);
    expect(() => parseMitigations(text)).toThrow(/^DIRECTORY_MITIGATIONS:/);
  });

  it('names the variant of a set', () => {
    expect(variantOf([])).toBe('vulnerable');
    expect(variantOf(['M1', 'M2', 'M3', 'M4', 'M5', 'M6'])).toBe('fixed');
    expect(variantOf(['M1', 'M2', 'M3', 'M5', 'M6'])).toBe('custom');
    expect(variantOf(['M1'])).toBe('custom');
  });

  const RELAY = {
    DIRECTORY_RELAY_URL: 'http://127.0.0.1:7004',
    DIRECTORY_RELAY_SECRET: 'a-relay-secret-of-32-characters!',
  };

  it('reads a fixed directory, with its relay, from DIRECTORY_VARIANT', () => {
    const options = directoryOptionsFromEnv({ DIRECTORY_VARIANT: 'fixed', DIRECTORY_PORT: '7100', ...RELAY });
    expect(options).toMatchObject({
      port: 7100,
      host: '127.0.0.1',
      mitigations: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
      relay: { url: RELAY.DIRECTORY_RELAY_URL, secret: RELAY.DIRECTORY_RELAY_SECRET, calls: 'strangers' },
    });
    expect(
      directoryOptionsFromEnv({ DIRECTORY_MITIGATIONS: 'M4', DIRECTORY_RELAY: 'Always', ...RELAY }).relay,
    ).toMatchObject({ calls: 'always' });
  });

  it('needs no relay without M4, and ignores its address then', () => {
    expect(directoryOptionsFromEnv({ DIRECTORY_MITIGATIONS: 'M1,M3', ...RELAY }).relay).toBeUndefined();
  });

  it.each([
    [{ DIRECTORY_VARIANT: 'fixed' }, /^DIRECTORY_RELAY_URL: M4 .*DIRECTORY_RELAY_SECRET/],
    [
      { DIRECTORY_MITIGATIONS: 'M4', DIRECTORY_RELAY_URL: 'http://127.0.0.1:7004' },
      /^DIRECTORY_RELAY_SECRET:/,
    ],
    [{ DIRECTORY_MITIGATIONS: 'M4', ...RELAY, DIRECTORY_RELAY_SECRET: 'short' }, /^DIRECTORY_RELAY_SECRET:/],
    [{ DIRECTORY_MITIGATIONS: 'M4', ...RELAY, DIRECTORY_RELAY_URL: 'relay:7004' }, /^DIRECTORY_RELAY_URL:/],
    [
      { DIRECTORY_MITIGATIONS: 'M4', ...RELAY, DIRECTORY_RELAY_URL: 'http://192.168.1.5:7004' },
      /^DIRECTORY_RELAY_URL: .*lab/,
    ],
    [
      { DIRECTORY_MITIGATIONS: 'M4', ...RELAY, DIRECTORY_RELAY: 'sometimes' },
      /^DIRECTORY_RELAY: "sometimes"/,
    ],
    [{ DIRECTORY_MITIGATIONS: 'M1', DIRECTORY_RELAY: 'always' }, /^DIRECTORY_RELAY: only applies with M4/],
  ])('M4 without a usable relay fails fast: %p', (env, message) => {
    expect(() => directoryOptionsFromEnv(env)).toThrow(message);
  });

  it.each([
    [{ DIRECTORY_VARIANT: 'safe' }, /^DIRECTORY_VARIANT:/],
    [{ DIRECTORY_PORT: '70000' }, /^DIRECTORY_PORT:/],
    [{ DIRECTORY_HOST: '0.0.0.0' }, /^DIRECTORY_HOST: .*LAB_ALLOW_NON_LOOPBACK/],
    [{ DIRECTORY_VARIANT: 'fixed', DIRECTORY_MITIGATIONS: 'M1' }, /either/],
    [{ DIRECTORY_SCRYPT_COST: '1000' }, /^DIRECTORY_SCRYPT_COST:/],
    [{ DIRECTORY_SESSION_TTL: 'a day' }, /^DIRECTORY_SESSION_TTL: "a day" is not a duration/],
    [{ DIRECTORY_SESSION_TTL: '0' }, /^DIRECTORY_SESSION_TTL: "0" is out of range/],
  ])('fails fast on %p', (env, message) => {
    expect(() => directoryOptionsFromEnv(env)).toThrow(message);
  });

  it('binds another interface only with the explicit opt-in, and warns', () => {
    const options = directoryOptionsFromEnv({ DIRECTORY_HOST: '0.0.0.0', LAB_ALLOW_NON_LOOPBACK: '1' });
    expect(options.host).toBe('0.0.0.0');
    expect(options.warning).toMatch(/reachable from outside/);
  });
});

describe('DIRECTORY_SESSION_TTL', () => {
  it.each([
    [undefined, 24 * 3600_000],
    ['3600', 3600_000],
    ['90s', 90_000],
    ['12h', 12 * 3600_000],
    ['7d', 7 * 86_400_000],
  ])('reads %p', (text, ms) => {
    expect(
      directoryOptionsFromEnv(text === undefined ? {} : { DIRECTORY_SESSION_TTL: text }).sessionTtlMs,
    ).toBe(ms);
  });
});
