import { ConfigError, relayOptionsFromEnv } from './relay.config';

describe('relay configuration', () => {
  const SECRET = 'a-relay-secret-of-32-characters!';

  it('reads a standalone relay: HTTP 7004, media 7005, loopback', () => {
    expect(relayOptionsFromEnv({ RELAY_SECRET: SECRET })).toMatchObject({
      host: '127.0.0.1',
      port: 7004,
      mediaPort: 7005,
      secret: SECRET,
      allocationTtlMs: 60_000,
    });
    expect(
      relayOptionsFromEnv({ RELAY_SECRET: SECRET, RELAY_PORT: '7104', RELAY_MEDIA_PORT: '7105' }),
    ).toMatchObject({ port: 7104, mediaPort: 7105 });
  });

  it.each([
    [{}, /^RELAY_SECRET: is required/],
    [{ RELAY_SECRET: 'short' }, /^RELAY_SECRET: must be at least 16/],
    [{ RELAY_SECRET: SECRET, RELAY_PORT: 'http' }, /^RELAY_PORT:/],
    [{ RELAY_SECRET: SECRET, RELAY_MEDIA_PORT: '99999' }, /^RELAY_MEDIA_PORT:/],
    [
      { RELAY_SECRET: SECRET, RELAY_PORT: '7200', RELAY_MEDIA_PORT: '7200' },
      /^RELAY_MEDIA_PORT: must differ/,
    ],
    [{ RELAY_SECRET: SECRET, RELAY_HOST: '0.0.0.0' }, /^RELAY_HOST: .*LAB_ALLOW_NON_LOOPBACK/],
    [{ RELAY_SECRET: SECRET, RELAY_ADVERTISED_ADDRESS: 'relay.example' }, /^RELAY_ADVERTISED_ADDRESS:/],
  ])('fails fast on %p, naming the variable', (env, message) => {
    expect(() => relayOptionsFromEnv(env)).toThrow(ConfigError);
    expect(() => relayOptionsFromEnv(env)).toThrow(message);
  });
});

describe('relay limits from the environment', () => {
  const SECRET = 'a-relay-secret-of-32-characters!';

  it('reads the allocation time, the total and the quota per account', () => {
    expect(relayOptionsFromEnv({ RELAY_SECRET: SECRET })).toMatchObject({
      allocationTtlMs: 60_000,
      maxAllocations: 256,
      maxAllocationsPerAccount: 8,
    });
    expect(
      relayOptionsFromEnv({
        RELAY_SECRET: SECRET,
        RELAY_ALLOCATION_TTL: '2m',
        RELAY_MAX_ALLOCATIONS: '1000',
        RELAY_MAX_ALLOCATIONS_PER_ACCOUNT: '4',
      }),
    ).toMatchObject({ allocationTtlMs: 120_000, maxAllocations: 1000, maxAllocationsPerAccount: 4 });
  });

  it.each([
    [{ RELAY_ALLOCATION_TTL: 'soon' }, /^RELAY_ALLOCATION_TTL: "soon" is not a duration/],
    [{ RELAY_ALLOCATION_TTL: '2h' }, /^RELAY_ALLOCATION_TTL: "2h" is out of range: between 1s and 1h/],
    [{ RELAY_MAX_ALLOCATIONS: '0' }, /^RELAY_MAX_ALLOCATIONS: "0" must be a whole number from 1/],
    [{ RELAY_MAX_ALLOCATIONS_PER_ACCOUNT: '2.5' }, /^RELAY_MAX_ALLOCATIONS_PER_ACCOUNT: /],
  ])('fails fast on %p', (env, message) => {
    expect(() => relayOptionsFromEnv({ RELAY_SECRET: SECRET, ...env })).toThrow(message);
  });
});
