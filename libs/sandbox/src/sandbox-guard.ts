import { request as httpRequest } from 'node:http';
import { isIP } from 'node:net';
import { BANNER_PATH, Banner, LAB_NAME, ServiceName } from '@lab/protocol';
import { cidrContains, isLoopback } from './ipv4';
import { LAB_NETWORK_BLOCKS } from './lab-addresses';

/**
 * The sandbox guard sits in every client of the lab. A target is refused before any socket is
 * opened unless its host is loopback or a lab network; then it must answer the lab's banner.
 */
export class SandboxRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRefusal';
  }
}

export function checkTargetHost(target: URL): void {
  if (target.protocol !== 'http:' && target.protocol !== 'ws:') {
    throw new SandboxRefusal(
      `refusing ${target.href}: the lab speaks plain http/ws on its own networks only`,
    );
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return;
  if (isIP(host) === 0) {
    throw new SandboxRefusal(
      `refusing ${target.href}: "${host}" is a host name; use a loopback or lab-network address (e.g. 127.0.0.1)`,
    );
  }
  const inLab = isLoopback(host) || LAB_NETWORK_BLOCKS.some((block) => cidrContains(block, host));
  if (!inLab) {
    throw new SandboxRefusal(
      `refusing ${target.href}: ${host} is neither loopback nor a lab network; this tool only works inside the lab`,
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
