import { ConfigError } from '@lab/http-kit';
import { DEFAULT_ISP_PORT, ispOptionsFromEnv } from './isp.config';

describe('ispOptionsFromEnv', () => {
  it('binds loopback on port 7003 and makes up a token when none is set', () => {
    const options = ispOptionsFromEnv({});
    expect(options).toMatchObject({ host: '127.0.0.1', port: DEFAULT_ISP_PORT, tokenGenerated: true });
    expect(options.lawfulRequestToken).toMatch(/^lr-[A-Za-z0-9_-]{16}$/);
    expect(ispOptionsFromEnv({}).lawfulRequestToken).not.toBe(options.lawfulRequestToken);
  });

  it('takes the port and the token from the environment', () => {
    expect(ispOptionsFromEnv({ ISP_PORT: '0', ISP_LAWFUL_REQUEST_TOKEN: 'court-order-42' })).toMatchObject({
      port: 0,
      lawfulRequestToken: 'court-order-42',
      tokenGenerated: false,
    });
  });

  it.each([
    [{ ISP_PORT: 'seven' }, 'ISP_PORT'],
    [{ ISP_PORT: '70000' }, 'ISP_PORT'],
    [{ ISP_LAWFUL_REQUEST_TOKEN: 'short' }, 'ISP_LAWFUL_REQUEST_TOKEN'],
    [{ ISP_LAWFUL_REQUEST_TOKEN: 'has spaces in it' }, 'ISP_LAWFUL_REQUEST_TOKEN'],
    [{ ISP_HOST: '0.0.0.0' }, 'ISP_HOST'],
  ])('names the variable that is wrong: %j', (env, variable) => {
    expect(() => ispOptionsFromEnv(env)).toThrow(ConfigError);
    expect(() => ispOptionsFromEnv(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it('binds another host only with the explicit opt-in, and warns', () => {
    const options = ispOptionsFromEnv({ ISP_HOST: '0.0.0.0', LAB_ALLOW_NON_LOOPBACK: '1' });
    expect(options.host).toBe('0.0.0.0');
    expect(options.warning).toMatch(/reachable from outside/);
  });
});
