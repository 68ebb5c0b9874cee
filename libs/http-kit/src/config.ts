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

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 } as const;

/**
 * A duration setting: whole seconds (`86400`) or a number with a unit (`500ms`, `90s`, `15m`,
 * `24h`, `7d`, `1.5h`), in milliseconds. Bounds keep a typo such as `24` (seconds, not hours)
 * from passing silently when it would make no sense.
 */
export function parseDuration(
  text: string | undefined,
  fallbackMs: number,
  variable: string,
  bounds: { minMs: number; maxMs: number },
): number {
  if (text === undefined || text.trim() === '') return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim().toLowerCase());
  if (!match) {
    throw new ConfigError(
      variable,
      `"${text}" is not a duration: give seconds (3600) or e.g. 90s, 15m, 24h, 7d`,
    );
  }
  const ms = Math.round(
    Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 's') as keyof typeof DURATION_UNITS_MS],
  );
  if (ms < bounds.minMs || ms > bounds.maxMs) {
    throw new ConfigError(
      variable,
      `"${text}" is out of range: between ${formatDuration(bounds.minMs)} and ${formatDuration(bounds.maxMs)}`,
    );
  }
  return ms;
}

/** The largest unit that divides the duration: 86400000 → `1d`, 90000 → `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % DURATION_UNITS_MS[unit] === 0) return `${ms / DURATION_UNITS_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
