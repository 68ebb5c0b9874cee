/**
 * The call relay (apps/relay), TURN-like and much smaller. The directory asks it for an
 * allocation over HTTP; each party of the call then opens a plain TCP connection to the relay's
 * media port and sends its token on one line. Once both tokens are connected the relay pipes
 * bytes between them, so each party only ever talks to the relay (M4).
 */

/** `Authorization: Relay <secret>`: the secret the relay and the directory share. */
export const RELAY_AUTH_SCHEME = 'Relay';

/** `POST /allocations` body (optional): the call it is for, so both logs can be matched. */
export interface CreateAllocationRequest {
  callId?: string;
  /**
   * The accounts this allocation is charged to, as opaque keys the directory makes (never a
   * username): the call's two parties. Each account may hold only so many unused allocations.
   */
  accounts?: string[];
}

/** An account key in `CreateAllocationRequest.accounts`. */
export const RELAY_ACCOUNT_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** `POST /allocations` answer. */
export interface RelayAllocation {
  allocationId: string;
  /** Where both parties connect: the relay's media address and port, never the other party's. */
  relayAddress: string;
  relayPort: number;
  /** One token per party; each admits one connection, once. */
  tokens: { caller: string; callee: string };
  /** An allocation nobody connected to by then is gone. */
  expiresAt: string;
}

/**
 * The media port's line protocol. Client: `<token>\n`. Relay: `ok\n` to both once both tokens of
 * the allocation are connected, then raw bytes both ways; or `error <code> <sentence>\n` and close.
 */
export const RELAY_OK_LINE = 'ok';
export const RELAY_TOKEN_PATTERN = /^[0-9a-f]{32}$/;
/** The longest token line the relay reads before giving up on a client. */
export const RELAY_MAX_LINE_BYTES = 128;

export const RelayMediaError = {
  /** The first line was not a token (too long, not hex, binary). */
  BadRequest: 'bad_request',
  /** No allocation has this token: never issued, already used, or expired. */
  UnknownToken: 'unknown_token',
  /** This token's connection is already open. */
  TokenInUse: 'token_in_use',
  /** No token line in time, or the other party never came. */
  Timeout: 'timeout',
  /** The allocation expired while this party waited for the other. */
  AllocationExpired: 'allocation_expired',
} as const;
export type RelayMediaError = (typeof RelayMediaError)[keyof typeof RelayMediaError];

/** The shortest secret a relay accepts, and a directory may be configured with. */
export const RELAY_SECRET_MIN_LENGTH = 16;
