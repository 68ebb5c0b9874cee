import { ConfigError, parsePort } from '@lab/http-kit';
import { NetworkSlot, minutes } from '@lab/address-plan';
import { MAX_CLOCK_SPEED, MIN_CLOCK_SPEED } from '@lab/protocol';

/** The population's settings, from the environment, checked once. */
export interface PeersOptions {
  /** Lab clock: lab seconds per real second. */
  clockSpeed: number;
  /** Lab time of day when the clock starts. */
  clockStartMinute: number;
  /** How many generated personas join the named ones. */
  extraPersonas: number;
  seed: number;
}

export function peersOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PeersOptions {
  const number = (name: string, fallback: number, check: (n: number) => boolean, rule: string) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || !check(value)) throw new ConfigError(name, `"${text}" ${rule}`);
    return value;
  };
  // 06:00: everyone is at home for the first minute and a half of real time; alice leaves at 07:40.
  const start = env.LAB_CLOCK_START || '06:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start))
    throw new ConfigError('LAB_CLOCK_START', `"${start}" must be a time of day such as 07:30`);
  return {
    clockSpeed: number(
      'LAB_CLOCK_SPEED',
      60,
      (n) => n >= MIN_CLOCK_SPEED && n <= MAX_CLOCK_SPEED,
      `must be a number of lab seconds per real second, ${MIN_CLOCK_SPEED}–${MAX_CLOCK_SPEED}`,
    ),
    clockStartMinute: minutes(start),
    extraPersonas: number(
      'LAB_EXTRA_PERSONAS',
      0,
      (n) => Number.isInteger(n) && n >= 0 && n <= 10_000,
      'must be a whole number 0–10000',
    ),
    seed: number('LAB_SEED', 2011, Number.isInteger, 'must be a whole number'),
  };
}

export function directoryUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const port = parsePort(env.PEERS_DIRECTORY_PORT, 7001, 'PEERS_DIRECTORY_PORT');
  return `http://127.0.0.1:${port}`;
}

/**
 * Docker mode: this container is one persona's device on one of its networks (PEERS_PERSONA,
 * PEERS_SLOT), a client of each directory in PEERS_DIRECTORY_URLS (comma-separated, each one
 * `url` or `id=url`). With PEERS_SEEN_DIR it writes what its user was shown to
 * `<dir>/<directory id>/<persona>.<slot>.jsonl`, where the lab API reads the victims' view.
 */
export interface PeersDevice {
  persona: string;
  slot: NetworkSlot;
  directoryUrls: string[];
  /** One per URL: the id given as `id=url`, else the URL's host and port. */
  directoryIds: string[];
  seenDir?: string;
  /** LAB_CLOCK_FILE: the world's shared clock origin (see sharedClock). */
  clockFile?: string;
}

export function peersDeviceFromEnv(env: NodeJS.ProcessEnv = process.env): PeersDevice | undefined {
  const persona = env.PEERS_PERSONA?.trim();
  if (!persona) return undefined;
  const slot = env.PEERS_SLOT?.trim() ?? '';
  if (!NETWORK_SLOTS.includes(slot as NetworkSlot))
    throw new ConfigError('PEERS_SLOT', `"${slot}" must be one of ${NETWORK_SLOTS.join(', ')}`);
  const entries = (env.PEERS_DIRECTORY_URLS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const labelled = /^([a-z0-9][a-z0-9-]{0,39})=(.+)$/.exec(entry);
      return labelled ? { id: labelled[1], url: labelled[2] } : { id: undefined, url: entry };
    });
  const directoryUrls = entries.map((e) => e.url);
  if (!directoryUrls.length)
    throw new ConfigError(
      'PEERS_DIRECTORY_URLS',
      'must list the directories, e.g. http://198.51.100.62:7001',
    );
  for (const url of directoryUrls) {
    if (!URL.canParse(url)) throw new ConfigError('PEERS_DIRECTORY_URLS', `"${url}" is not a URL`);
  }
  const directoryIds = entries.map((e) => e.id ?? new URL(e.url).host.replace(/[^a-z0-9]+/gi, '-'));
  const seenDir = env.PEERS_SEEN_DIR?.trim() || undefined;
  const clockFile = env.LAB_CLOCK_FILE?.trim() || undefined;
  return { persona, slot: slot as NetworkSlot, directoryUrls, directoryIds, seenDir, clockFile };
}

const NETWORK_SLOTS: readonly NetworkSlot[] = ['home', 'work', 'mobile', 'public'];
