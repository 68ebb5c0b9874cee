import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_DIRECTORY_OPTIONS,
  DirectoryOptions,
  IMPLEMENTED_MITIGATION_IDS,
  MitigationId,
  RelayMode,
  RunningDirectory,
  startDirectory,
} from '@lab/directory';
import { ClientLogger, DirectoryClient, PresenceSocket, PresenceSocketOptions } from '@lab/directory-client';
import { DEFAULT_RELAY_OPTIONS, RelayOptions, RunningRelay, startRelay } from '@lab/relay';
import { LabOptions, labOptionsFromEnv } from '@lab/lab';

/** Log lines a directory wrote, kept in memory so tests can search them. */
export class LogCollector extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
  text() {
    return this.lines.join('\n');
  }
}

export interface TestRelay extends RunningRelay {
  logs: LogCollector;
  options: RelayOptions;
}

/** Starts a relay (M4) on 127.0.0.1, HTTP and media on free ports, with a fresh secret. */
export async function startTestRelay(overrides: Partial<RelayOptions> = {}): Promise<TestRelay> {
  const logs = new LogCollector();
  const options: RelayOptions = {
    ...DEFAULT_RELAY_OPTIONS,
    name: 'relay-test',
    port: 0,
    mediaPort: 0,
    secret: randomBytes(16).toString('hex'),
    logDestination: logs,
    ...overrides,
  };
  const relay = await startRelay(options);
  return { ...relay, logs, options };
}

export interface TestDirectory extends RunningDirectory {
  logs: LogCollector;
  options: DirectoryOptions;
  /** The relay started for it, when M4 is on and the test did not bring its own. */
  relay?: TestRelay;
}

/**
 * Starts a directory on 127.0.0.1 and a free port, with an in-memory database unless a file is
 * given. With M4 (and `all`, which includes it) a relay is started for it and closed with it;
 * `relayCalls: 'always'` relays contacts' calls too.
 */
export async function startTestDirectory(
  mitigations: MitigationId[] | 'all' = [],
  overrides: Partial<DirectoryOptions> & { relayCalls?: RelayMode } = {},
): Promise<TestDirectory> {
  const logs = new LogCollector();
  const { relayCalls, ...directoryOverrides } = overrides;
  const ids = mitigations === 'all' ? [...IMPLEMENTED_MITIGATION_IDS] : mitigations;
  const relay = ids.includes('M4') && !overrides.relay ? await startTestRelay() : undefined;
  const options: DirectoryOptions = {
    ...DEFAULT_DIRECTORY_OPTIONS,
    name: 'directory-test',
    port: 0,
    mitigations: ids,
    database: ':memory:',
    // A cheap KDF keeps the suites fast; the cost parameter is the only difference.
    scryptCost: 1024,
    logLevel: 'info',
    logDestination: logs,
    ...(relay ? { relay: { url: relay.url, secret: relay.options.secret, calls: relayCalls } } : {}),
    ...directoryOverrides,
  };
  let directory: RunningDirectory;
  try {
    directory = await startDirectory(options);
  } catch (error) {
    await relay?.close();
    throw error;
  }
  return {
    ...directory,
    logs,
    options,
    relay,
    close: async () => {
      await directory.close();
      await relay?.close();
    },
  };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'lastseen-lab-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A simulated user: a client whose every socket leaves from its own loopback source address,
 * so the directory sees a real, distinct remote address for it.
 */
export class LabUser {
  readonly client: DirectoryClient;
  socket?: PresenceSocket;

  constructor(
    readonly name: string,
    readonly publicAddress: string,
    readonly lanAddresses: string[],
    directory: { url: string },
    logger?: ClientLogger,
  ) {
    this.client = new DirectoryClient({ baseUrl: directory.url, localAddress: publicAddress, logger });
  }

  static async create(
    directory: { url: string },
    name: string,
    publicAddress: string,
    lanAddresses: string[] = [],
    logger?: ClientLogger,
  ) {
    const user = new LabUser(name, publicAddress, lanAddresses, directory, logger);
    await user.client.signUp(name, `${name}-password-1`);
    return user;
  }

  /** Connects the WebSocket and reports the LAN addresses; resolves once the directory recorded them. */
  async goOnline(
    options: Omit<PresenceSocketOptions, 'url' | 'token' | 'localAddress' | 'logger' | 'localAddresses'> = {},
  ) {
    this.socket = await this.client.openSocket({ ...options, localAddresses: this.lanAddresses });
    return this.socket;
  }

  /** The source port the directory saw on this user's WebSocket. */
  get socketPort(): number {
    const port = this.socket?.localPort;
    if (port === undefined) throw new Error(`${this.name} is not online`);
    return port;
  }

  /** Everything this user's client received: HTTP answers and WebSocket frames. */
  received(): string {
    return [...this.client.transcript, ...(this.socket?.transcript ?? [])].join('\n');
  }

  async close() {
    await this.socket?.close();
    this.client.close();
  }
}

/** Asserts that none of the users' addresses (public or LAN) appears in what an attacker received. */
export function expectNoAddressOf(users: LabUser[], received: string) {
  for (const user of users) {
    for (const address of [user.publicAddress, ...user.lanAddresses]) {
      expect({ user: user.name, address, found: received.includes(address) }).toEqual({
        user: user.name,
        address,
        found: false,
      });
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes, polling; for effects that land a tick later (batched writes). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}

/**
 * `npm start`'s options for an in-process lab in a test: every part on a free loopback port, data
 * in `dataDir`, a cheap password hash; `env` adds or overrides LAB_* settings (the clock's start).
 */
export function testLabOptions(dataDir: string, env: NodeJS.ProcessEnv = {}): LabOptions {
  return labOptionsFromEnv({
    LAB_PORT: '0',
    LAB_VULNERABLE_PORT: '0',
    LAB_FIXED_PORT: '0',
    LAB_ISP_PORT: '0',
    LAB_ISP_FIXED_PORT: '0',
    LAB_RELAY_PORT: '0',
    LAB_DATA_DIR: dataDir,
    DIRECTORY_SCRYPT_COST: '1024',
    ...env,
  });
}
