import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { AddressPlan, LeaseLog } from '@lab/address-plan';
import { DESK_VARIANTS, DeskVariant } from '../desk/desk.types';
import type { SubscriberInbox } from '../desk/subscriber-inbox';
import { ConfigError, checkBindHost, parsePort } from '@lab/http-kit';
import { LAB_VERSION } from '@lab/protocol';

/** Everything the ISP registry needs, typed. Built by the lab, by a test, or from the environment. */
export interface IspOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
  /** Who owns which addresses, and where they are: the registry's whole database. */
  plan: AddressPlan;
  /** The ISPs' record of who held which address (and CGNAT port) when; someone else writes it. */
  leases: LeaseLog;
  /** The secret a lawful request carries: `Authorization: Lawful-Request <token>`. */
  lawfulRequestToken: string;
  /** Which support desk this instance runs (default vulnerable), as a directory runs its mitigations. */
  desk?: DeskVariant;
  /** Where the fixed desk's notices and one-time codes go; the lab shows them in the victim's view. */
  inbox?: SubscriberInbox;
  logLevel: string;
  logDestination?: DestinationStream;
  version: string;
}

/** What the environment decides; the plan and the lease log come from the caller. */
export type IspEnvOptions = Omit<IspOptions, 'plan' | 'leases' | 'logDestination' | 'inbox'> & {
  /** True when no token was configured and one was made up: it must be printed, or nobody can use it. */
  tokenGenerated: boolean;
  warning?: string;
};

export const DEFAULT_ISP_PORT = 7003;
const TOKEN_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

/** A fresh token, in the same form the lab issues. */
export function generateLawfulRequestToken(): string {
  return `lr-${randomBytes(12).toString('base64url')}`;
}

/** Reads a standalone ISP's settings, failing fast with the name of the variable that is wrong. */
export function ispOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): IspEnvOptions {
  const host = env.ISP_HOST || '127.0.0.1';
  const { warning } = checkBindHost(host, env.LAB_ALLOW_NON_LOOPBACK === '1', 'ISP_HOST');
  const given = env.ISP_LAWFUL_REQUEST_TOKEN;
  if (given !== undefined && given !== '' && !TOKEN_PATTERN.test(given)) {
    throw new ConfigError(
      'ISP_LAWFUL_REQUEST_TOKEN',
      'must be 8–128 letters, digits, dots, dashes or underscores (or unset, to get a random one)',
    );
  }
  const desk = env.ISP_DESK || 'vulnerable';
  if (!(DESK_VARIANTS as readonly string[]).includes(desk)) {
    throw new ConfigError(
      'ISP_DESK',
      `must be ${DESK_VARIANTS.join(' or ')} (the support desk this ISP runs)`,
    );
  }
  return {
    host,
    desk: desk as DeskVariant,
    port: parsePort(env.ISP_PORT, DEFAULT_ISP_PORT, 'ISP_PORT'),
    lawfulRequestToken: given || generateLawfulRequestToken(),
    tokenGenerated: !given,
    logLevel: env.LOG_LEVEL || 'info',
    version: LAB_VERSION,
    warning,
  };
}
