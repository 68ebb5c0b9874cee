import { DirectorySocketError } from '@lab/directory-client';
import type { PresenceEvent } from '@lab/protocol';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';

export interface Sighting {
  username: string;
  online: boolean;
  at: string;
  publicAddress: string | null;
  observedAddress: string | null;
  port: number | null;
  localAddresses: string[];
}

export const toSighting = (event: PresenceEvent): Sighting => ({
  username: event.username,
  online: event.online,
  at: event.at,
  publicAddress: simulatedAddress(event.publicAddress),
  observedAddress: event.publicAddress ?? null,
  port: event.port ?? null,
  localAddresses: event.localAddresses ?? [],
});

/**
 * L2 — follow a user's presence: every change the directory pushes, with the address it carries.
 * Resolves with a stop function once subscribed; rejects with the directory's refusal.
 */
export async function watchUser(
  attacker: Attacker,
  username: string,
  onSighting: (sighting: Sighting) => void,
): Promise<{ stop(): void }> {
  const socket = await attacker.socket();
  const listener = (event: PresenceEvent) => {
    if (event.username === username) onSighting(toSighting(event));
  };
  socket.on('presence', listener);
  try {
    await socket.subscribe(username);
  } catch (error) {
    socket.off('presence', listener);
    if (error instanceof DirectorySocketError) throw new WatchRefused(username, error.code, error.message);
    throw error;
  }
  return {
    stop: () => {
      socket.off('presence', listener);
      socket.send('presence.unsubscribe', { username });
    },
  };
}

export class WatchRefused extends Error {
  constructor(
    readonly username: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
