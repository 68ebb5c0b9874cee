/** Small helpers every lab app's configuration uses: fail fast, naming the variable. */

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function parsePort(text: string | undefined, fallback: number, variable: string): number {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `"${text}" is not a TCP port (0–65535)`);
  }
  return port;
}

/** Binding anything but loopback exposes the lab; it takes an explicit opt-in. */
export function checkBindHost(
  host: string,
  allowNonLoopback: boolean,
  variable: string,
): { warning?: string } {
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (loopback) return {};
  if (!allowNonLoopback) {
    throw new ConfigError(
      variable,
      `"${host}" is not a loopback address; set LAB_ALLOW_NON_LOOPBACK=1 to bind it anyway`,
    );
  }
  return {
    warning: `binding ${host}: the lab is reachable from outside this machine. Addresses outside the lab are still never recorded.`,
  };
}
