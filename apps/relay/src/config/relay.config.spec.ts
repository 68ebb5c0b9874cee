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
