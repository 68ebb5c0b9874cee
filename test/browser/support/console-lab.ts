import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACILITATOR_KEY_FILE, RunningLab, startLab } from '@lab/lab';
import type { PersonaAgent } from '@lab/peers';
import { eventually, tempDir, testLabOptions } from '../../support/lab-harness';

/**
 * A whole lab in this process, every part on a free loopback port (never the 7000s of a lab
 * someone is running), data in a temporary folder: the console is served by its own server.
 */
export interface ConsoleLab {
  lab: RunningLab;
  url: string;
  dataDir: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  api(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The true answer of every exercise, as the facilitator reads it (the same as test/workshop). */
  facilitatorAnswers(): Promise<Record<string, string>>;
  /** A persona's agent in a directory: the real client whose socket the directory saw. */
  agent(directory: string, username: string): PersonaAgent;
  /**
   * Where a persona's live socket really connects from, read from the socket itself (not from
   * anything the console or the directory says): the loopback source and the public address it mirrors.
   */
  socketOrigin(
    directory: string,
    username: string,
  ): { sourceAddress: string; publicAddress: string; port: number };
  stop(): Promise<void>;
}

export async function startConsoleLab(env: NodeJS.ProcessEnv): Promise<ConsoleLab> {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const lab = await startLab(testLabOptions(dataDir, env));
  const url = lab.server.url;
  // Every persona online before the browser looks: the population's first moves take a moment.
  await eventually(() => {
    for (const world of lab.world.directories.values())
      for (const agent of world.population?.agents.values() ?? [])
        if (agent.slot !== 'offline') expect(agent.connection).toBeDefined();
  }, 20_000);

  const api: ConsoleLab['api'] = async (path, body) => {
    const response = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const agent = (directory: string, username: string) => {
    const found = lab.world.directories.get(directory)?.population?.agents.get(username);
    if (!found) throw new Error(`no persona ${username} in the ${directory} directory`);
    return found;
  };

  return {
    lab,
    url,
    dataDir,
    api,
    agent,
    facilitatorAnswers: async () => {
      const key = readFileSync(join(dataDir, FACILITATOR_KEY_FILE), 'utf8').trim();
      const response = await fetch(`${url}/workshop/facilitator/answers`, {
        headers: { 'x-facilitator-key': key },
      });
      expect(response.status).toBe(200);
      const { answers } = (await response.json()) as { answers: { id: string; expected: string }[] };
      return Object.fromEntries(answers.map((a) => [a.id, a.expected]));
    },
    socketOrigin: (directory, username) => {
      const connection = agent(directory, username).connection;
      // The ws library's underlying TCP socket: its local end is what the directory's accept() saw.
      const tcp = (
        connection as unknown as { ws?: { _socket?: { localAddress?: string; localPort?: number } } }
      )?.ws?._socket;
      if (!tcp?.localAddress || !tcp.localPort) throw new Error(`${username} has no live socket`);
      const network = [...lab.world.plan.networks.values()].find(
        (n) => n.loopbackAddress === tcp.localAddress,
      );
      if (!network) throw new Error(`${tcp.localAddress} is no network of the lab's plan`);
      return { sourceAddress: tcp.localAddress, publicAddress: network.publicAddress, port: tcp.localPort };
    },
    stop: async () => {
      await lab.stop();
      dir.remove();
    },
  };
}

/** The typeable part of an expected answer: what comes before the facilitator's note in brackets. */
export const typeable = (expected: string) => expected.split(' (')[0];
