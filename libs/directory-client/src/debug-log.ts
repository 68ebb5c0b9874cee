import type { ProfileView, ServerMessage } from '@lab/protocol';
import type { ClientLogger } from './client-logger';

/**
 * The debug-log leak: the client writes every address it receives to its debug log, in the
 * format of the Skype 5.5 client whose log gave resolvers their data
 * (`…-r<public addr:port>-l<LAN addr:port>`) [@SkypeDebugLog2012]. The user interface shows none of it; the log does.
 * Hiding an address in the UI is not hiding it.
 */
export function logProfileAddresses(logger: ClientLogger, profile: ProfileView) {
  if (!profile.lastSeenAddress && !profile.localAddresses?.length) return;
  logger.debug(
    {
      user: profile.username,
      publicAddress: profile.lastSeenAddress,
      port: profile.lastSeenPort,
      localAddresses: profile.localAddresses,
    },
    `profile ${profile.username} -r${profile.lastSeenAddress}:${profile.lastSeenPort} -l${(profile.localAddresses ?? []).join(',')}`,
  );
}

/** The same for every frame of the WebSocket: presence changes and call candidates. */
export function logFrameAddresses(logger: ClientLogger, message: ServerMessage) {
  if (message.event === 'presence' && message.data.publicAddress) {
    const d = message.data;
    logger.debug(
      { user: d.username, publicAddress: d.publicAddress, port: d.port, localAddresses: d.localAddresses },
      `presence ${d.username} -r${d.publicAddress}:${d.port} -l${(d.localAddresses ?? []).join(',')}`,
    );
  } else if (message.event === 'call.candidates') {
    const d = message.data;
    logger.debug(
      // The relay token is a credential, not an address: it stays out of the log.
      { user: d.from, callId: d.callId, candidates: d.candidates.map(({ token: _token, ...c }) => c) },
      `candidates from ${d.from}: ${d.candidates.map((c) => `${c.type} ${c.address}:${c.port}`).join(' ')}`,
    );
  }
}
