import { ConfigError, directoryOptionsFromEnv, parseMitigations, variantOf } from './directory.config';

describe('directory configuration', () => {
  it.each([
    ['none', []],
    ['', []],
    ['all', ['M1', 'M2', 'M3', 'M5', 'M6']],
    ['m3, M1', ['M1', 'M3']],
  ])('parses DIRECTORY_MITIGATIONS=%p', (text, ids) => {
    expect(parseMitigations(text)).toEqual(ids);
  });

  it.each([
    ['M7', /"M7" is not a mitigation/],
    ['M4', /relay/],
    ['M1;M2', /not a mitigation/],
  ])('refuses %p naming the variable', (text, message) => {
    expect(() => parseMitigations(text)).toThrow(ConfigError);
    expect(() => parseMitigations(text)).toThrow(message);
    expect(() => parseMitigations(text)).toThrow(/^DIRECTORY_MITIGATIONS:/);
  });

  it('names the variant of a set', () => {
    expect(variantOf([])).toBe('vulnerable');
    expect(variantOf(['M1', 'M2', 'M3', 'M5', 'M6'])).toBe('fixed');
    expect(variantOf(['M1'])).toBe('custom');
  });

  it('reads a fixed directory from DIRECTORY_VARIANT', () => {
    const options = directoryOptionsFromEnv({ DIRECTORY_VARIANT: 'fixed', DIRECTORY_PORT: '7100' });
    expect(options).toMatchObject({
      port: 7100,
      host: '127.0.0.1',
      mitigations: ['M1', 'M2', 'M3', 'M5', 'M6'],
    });
  });

  it.each([
    [{ DIRECTORY_VARIANT: 'safe' }, /^DIRECTORY_VARIANT:/],
    [{ DIRECTORY_PORT: '70000' }, /^DIRECTORY_PORT:/],
    [{ DIRECTORY_HOST: '0.0.0.0' }, /^DIRECTORY_HOST: .*LAB_ALLOW_NON_LOOPBACK/],
    [{ DIRECTORY_VARIANT: 'fixed', DIRECTORY_MITIGATIONS: 'M1' }, /either/],
    [{ DIRECTORY_SCRYPT_COST: '1000' }, /^DIRECTORY_SCRYPT_COST:/],
  ])('fails fast on %p', (env, message) => {
    expect(() => directoryOptionsFromEnv(env)).toThrow(message);
  });

  it('binds another interface only with the explicit opt-in, and warns', () => {
    const options = directoryOptionsFromEnv({ DIRECTORY_HOST: '0.0.0.0', LAB_ALLOW_NON_LOOPBACK: '1' });
    expect(options.host).toBe('0.0.0.0');
    expect(options.warning).toMatch(/reachable from outside/);
  });
});
