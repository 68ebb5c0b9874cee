import { helpDefaultsFromEnv, labEndpointsFromEnv } from './resolver.config';

describe('where the resolver looks for the lab', () => {
  it('follows the LAB_* port variables, in what it uses and in what --help says', () => {
    const env = { LAB_PORT: '7700', LAB_VULNERABLE_PORT: '7701', LAB_ISP_PORT: '7703' };
    expect(labEndpointsFromEnv(env)).toEqual({
      target: 'http://127.0.0.1:7701',
      lab: 'http://127.0.0.1:7700',
      registry: 'http://127.0.0.1:7703',
    });
    const help = helpDefaultsFromEnv(env);
    expect(help.target).toContain('http://127.0.0.1:7701');
    expect(help.lab).toContain('http://127.0.0.1:7700');
    expect(help.registry).toContain('http://127.0.0.1:7703');
  });

  it("shows npm start's ports without the variables, and never fails --help on a bad one", () => {
    expect(helpDefaultsFromEnv({})).toMatchObject({
      target: expect.stringContaining('http://127.0.0.1:7001'),
      lab: expect.stringContaining('http://127.0.0.1:7000'),
      registry: expect.stringContaining('http://127.0.0.1:7003'),
    });
    expect(helpDefaultsFromEnv({ LAB_PORT: 'seven' }).lab).toContain('http://127.0.0.1:7000');
    // The command itself does report it.
    expect(() => labEndpointsFromEnv({ LAB_PORT: 'seven' })).toThrow(/LAB_PORT/);
  });
});
