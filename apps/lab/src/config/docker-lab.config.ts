import { ConfigError, checkBindHost, parsePort } from '@lab/http-kit';
import { PeersOptions, peersOptionsFromEnv } from '@lab/peers';

/**
 * LAB_WORLD=docker: the lab API of the Docker world. It starts no world of its own; it fronts the
 * containers: the directories it lists, the victims' views the devices write to a shared volume
 * (LAB_SEEN_DIR), and the world's shared clock (LAB_CLOCK_FILE).
 */
export interface DockerLabOptions {
  host: string;
  port: number;
  logLevel: string;
  peers: PeersOptions;
  /** The directories of the world, as the devices reach them: id → URL. */
  directories: { id: string; url: string }[];
  /** The ISP registry (RDAP and lease logs), as the world's clients reach it. */
  registryUrl?: string;
  seenDir: string;
  clockFile: string;
  warning?: string;
}

export const isDockerWorld = (env: NodeJS.ProcessEnv = process.env) => env.LAB_WORLD === 'docker';

export function dockerLabOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DockerLabOptions {
  const host = env.LAB_HOST || '127.0.0.1';
  const { warning } = checkBindHost(host, env.LAB_ALLOW_NON_LOOPBACK === '1', 'LAB_HOST');
  const directories = (env.LAB_DIRECTORY_URLS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([a-z0-9][a-z0-9-]{0,39})=(.+)$/.exec(entry);
      if (!match || !URL.canParse(match[2]))
        throw new ConfigError(
          'LAB_DIRECTORY_URLS',
          `"${entry}" is not id=url, e.g. vulnerable=http://198.51.100.62:7001`,
        );
      return { id: match[1], url: match[2] };
    });
  if (!directories.length)
    throw new ConfigError('LAB_DIRECTORY_URLS', 'must list the directories as id=url, comma-separated');
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value)
      throw new ConfigError(name, 'is required with LAB_WORLD=docker (a path on the shared volume)');
    return value;
  };
  const registryUrl = env.LAB_REGISTRY_URL?.trim() || undefined;
  if (registryUrl && !URL.canParse(registryUrl))
    throw new ConfigError('LAB_REGISTRY_URL', `"${registryUrl}" is not a URL`);
  return {
    host,
    port: parsePort(env.LAB_PORT, 7000, 'LAB_PORT'),
    logLevel: env.LOG_LEVEL || 'warn',
    peers: peersOptionsFromEnv(env),
    directories,
    registryUrl,
    seenDir: required('LAB_SEEN_DIR'),
    clockFile: required('LAB_CLOCK_FILE'),
    warning,
  };
}
