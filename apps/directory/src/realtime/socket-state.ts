import type { WebSocket } from 'ws';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import type { LiveConnection } from '../presence/presence.service';

/** What the directory knows of one open WebSocket. */
export interface SocketState {
  auth: Promise<AuthenticatedAccount | undefined>;
  tokenHash?: string;
  remoteAddress?: string;
  connection?: LiveConnection;
  /** Closes the socket when its session expires. */
  expiryTimer?: NodeJS.Timeout;
}

/** Every open socket's state, kept beside the socket so that it goes away with it. */
export const socketStates = new WeakMap<WebSocket, SocketState>();

/** The account behind a socket (once authenticated) and the address it connected from. */
export async function socketIdentity(client: WebSocket): Promise<{ accountId?: number; address?: string }> {
  const state = socketStates.get(client);
  const account = await state?.auth;
  return { accountId: account?.id, address: state?.remoteAddress };
}
