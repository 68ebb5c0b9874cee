/**
 * Where the lab runs, which decides what the sandbox guard lets through.
 *
 * - `embedded` (the default, `npm start`): the whole lab is one process on loopback, so every
 *   target must be loopback. The documentation ranges are the lab's only as loopback mirrors
 *   (198.51.100.23 is 127.51.100.23 on the wire); as such they may be a real network of the host.
 * - `docker`: the lab's container images set `LAB_MODE=docker`. Targets are the documentation
 *   addresses themselves, let through only when the kernel's route to them stays on the lab's own
 *   networks (see route-check.ts).
 *
 * Any other value is refused rather than guessed: a typo must not widen the sandbox.
 */
export type SandboxMode = 'embedded' | 'docker';

export const SANDBOX_MODE_VARIABLE = 'LAB_MODE';

export class SandboxModeError extends Error {
  constructor(value: string) {
    super(
      `${SANDBOX_MODE_VARIABLE}="${value}" is not a lab mode: leave it unset (or "embedded") for npm start; ` +
        'the lab\'s container images set "docker"',
    );
    this.name = 'SandboxModeError';
  }
}

export function sandboxModeFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxMode {
  const value = env[SANDBOX_MODE_VARIABLE]?.trim() ?? '';
  if (value === '' || value === 'embedded') return 'embedded';
  if (value === 'docker') return 'docker';
  throw new SandboxModeError(value);
}
