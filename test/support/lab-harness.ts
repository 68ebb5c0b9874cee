import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  DEFAULT_DIRECTORY_OPTIONS,
  DirectoryOptions,
  MitigationId,
  RunningDirectory,
  startDirectory,
} from '@lab/directory';
import { ClientLogger, DirectoryClient, PresenceSocket, PresenceSocketOptions } from '@lab/directory-client';

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

export interface TestDirectory extends RunningDirectory {
  logs: LogCollector;
  options: DirectoryOptions;
}

/** Starts a directory on 127.0.0.1 and a free port, with an in-memory database unless a file is given. */
export async function startTestDirectory(
  mitigations: MitigationId[] | 'all' = [],
  overrides: Partial<DirectoryOptions> = {},
): Promise<TestDirectory> {
  const logs = new LogCollector();
  const options: DirectoryOptions = {
    ...DEFAULT_DIRECTORY_OPTIONS,
    name: 'directory-test',
    port: 0,
    mitigations: mitigations === 'all' ? ['M1', 'M2', 'M3', 'M5', 'M6'] : mitigations,
    database: ':memory:',
    // A cheap KDF keeps the suites fast; the cost parameter is the only difference.
    scryptCost: 1024,
    logLevel: 'info',
    logDestination: logs,
    ...overrides,
  };
  const directory = await startDirectory(options);
  return { ...directory, logs, options };
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
