import { request as httpRequest } from 'node:http';
import { isIP } from 'node:net';
import { BANNER_PATH, Banner, LAB_NAME, ServiceName } from '@lab/protocol';
import { isLoopback } from './ipv4';
import { RoutingFacts, readRoutingFacts } from './kernel-routes';
import { checkLabRoute } from './route-check';
import { SandboxMode, SandboxModeError, sandboxModeFromEnv } from './config/sandbox-mode';

/**
 * The sandbox guard sits in every client of the lab. A target is refused before any socket is
 * opened unless it is provably inside the lab: loopback in embedded mode; in Docker mode, loopback
 * or a lab address the kernel would reach over the lab's own networks (route-check.ts). Then it
 * must answer the lab's banner.
 */
export class SandboxRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRefusal';
  }
}

/** What the guard consults; tests pass their own, clients use the machine's. */
export interface GuardContext {
  mode?: SandboxMode;
  routing?: () => RoutingFacts;
}

export function checkTargetHost(target: URL, context: GuardContext = {}): void {
  if (target.protocol !== 'http:' && target.protocol !== 'ws:') {
    throw new SandboxRefusal(
      `refusing ${target.href}: the lab speaks plain http/ws on its own networks only`,
    );
  }
  let mode: SandboxMode;
  try {
    mode = context.mode ?? sandboxModeFromEnv();
  } catch (error) {
    if (error instanceof SandboxModeError)
      throw new SandboxRefusal(`refusing ${target.href}: ${error.message}`);
    throw error;
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return;
  if (isIP(host) === 0) {
    throw new SandboxRefusal(
      `refusing ${target.href}: "${host}" is a host name; use a loopback or lab-network address (e.g. 127.0.0.1)`,
    );
  }
  if (isLoopback(host)) return;
  if (mode === 'embedded') {
    throw new SandboxRefusal(
      `refusing ${target.href}: ${host} is not loopback, and the embedded lab (npm start) lives on ` +
        '127.0.0.0/8 only (its simulated networks are mirrored there: 198.51.100.23 is 127.51.100.23); ' +
        'this tool only works inside the lab',
    );
  }
  let facts: RoutingFacts;
  try {
    facts = (context.routing ?? readRoutingFacts)();
  } catch (error) {
    throw new SandboxRefusal(
      `refusing ${target.href}: cannot read the kernel's routes (${(error as Error).message}), ` +
        'so nothing proves the route stays inside the lab',
    );
  }
  const verdict = checkLabRoute(host, facts);
  if (!verdict.allowed) {
    throw new SandboxRefusal(
      `refusing ${target.href}: ${verdict.reason}; this tool only works inside the lab`,
    );
  }
}

/** Fetches the banner and checks it names the expected lab service. */
export async function checkBanner(target: URL, expected: ServiceName, timeoutMs = 3000): Promise<Banner> {
  checkTargetHost(target);
  const url = new URL(BANNER_PATH, target.href.replace(/^ws/, 'http'));
  const body = await new Promise<string>((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > 4096) req.destroy(new Error('banner too large'));
      });
      res.on('end', () => resolve(text));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  }).catch((error: Error) => {
    throw new SandboxRefusal(`refusing ${target.origin}: could not read its lab banner (${error.message})`);
  });
  let banner: Partial<Banner> | undefined;
  try {
    banner = JSON.parse(body) as Partial<Banner>;
  } catch {
    banner = undefined;
  }
  if (!banner || banner.lab !== LAB_NAME) {
    throw new SandboxRefusal(
      `refusing ${target.origin}: it does not answer ${BANNER_PATH} as a ${LAB_NAME} service`,
    );
  }
  if (banner.service !== expected) {
    throw new SandboxRefusal(
      `refusing ${target.origin}: it is the lab's ${banner.service}, not its ${expected}`,
    );
  }
  return banner as Banner;
}
