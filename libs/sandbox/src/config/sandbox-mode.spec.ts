import { SandboxModeError, sandboxModeFromEnv } from './sandbox-mode';

describe('sandbox mode', () => {
  it.each([
    [{}, 'embedded'],
    [{ LAB_MODE: '' }, 'embedded'],
    [{ LAB_MODE: '  ' }, 'embedded'],
    [{ LAB_MODE: 'embedded' }, 'embedded'],
    [{ LAB_MODE: 'docker' }, 'docker'],
    [{ LAB_MODE: ' docker\n' }, 'docker'],
  ])('reads %p as %s', (env, mode) => {
    expect(sandboxModeFromEnv(env)).toBe(mode);
  });

  it.each(['Docker', 'dcoker', 'kubernetes', 'embedded docker'])(
    'refuses %p rather than guess, naming the variable and the values it takes',
    (value) => {
      const read = () => sandboxModeFromEnv({ LAB_MODE: value });
      expect(read).toThrow(SandboxModeError);
      expect(read).toThrow(
        `LAB_MODE="${value}" is not a lab mode: leave it unset (or "embedded") for npm start; ` +
          'the lab\'s container images set "docker"',
      );
    },
  );

  it('reads the process environment by default', () => {
    const saved = process.env.LAB_MODE;
    try {
      process.env.LAB_MODE = 'docker';
      expect(sandboxModeFromEnv()).toBe('docker');
    } finally {
      if (saved === undefined) delete process.env.LAB_MODE;
      else process.env.LAB_MODE = saved;
    }
  });
});
