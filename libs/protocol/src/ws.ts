/**
 * WebSocket protocol of the directory (path `/ws`). Every frame is a JSON text frame
 * `{"event": string, "data": object}`, in both directions. See docs/protocol.md.
 */

export const WS_PATH = '/ws';

/** Close codes the directory uses (4000–4999 is the application range). */
export const WsCloseCode = {
  Unauthorized: 4401,
  Replaced: 4409,
  PresenceTimeout: 4408,
  ShuttingDown: 1001,
} as const;

export type CandidateType = 'host' | 'srflx' | 'relay';

/**
 * An address candidate, as an ICE agent would offer one. A `relay` candidate (M4) is made by the
 * directory, not by a client: the relay's address and port, and the `token` that admits this
 * party (and only this party) to the call's allocation on the relay.
 */
export interface Candidate {
  type: CandidateType;
  address: string;
  port: number;
  token?: string;
}

// ---- client → server ------------------------------------------------------------------------

export interface ClientEvents {
  /**
   * Report the LAN addresses the client believes it has, as an ICE agent does with its host
   * candidates; Skype's clients knew each other's too [@SkypeDebugLog2012].
   */
  'presence.report': { localAddresses: string[] };
  heartbeat: Record<string, never>;
  'presence.subscribe': { username: string };
  'presence.unsubscribe': { username: string };
  'call.invite': { username: string };
  'call.candidates': { callId: string; candidates: Candidate[] };
  /** The callee's client tells the caller its user is now being shown the ring. */
  'call.ringing': { callId: string };
  'call.accept': { callId: string };
  'call.reject': { callId: string };
  'call.cancel': { callId: string };
  'call.hangup': { callId: string };
}
export type ClientEventName = keyof ClientEvents;
export const CLIENT_EVENTS: readonly ClientEventName[] = [
  'presence.report',
  'heartbeat',
  'presence.subscribe',
  'presence.unsubscribe',
  'call.invite',
  'call.candidates',
  'call.ringing',
  'call.accept',
  'call.reject',
  'call.cancel',
  'call.hangup',
];

// ---- server → client ------------------------------------------------------------------------

/**
 * A presence change of a user the receiver subscribed to. The address fields are the L2 leak:
 * absent once M1 is on.
 */
export interface PresenceEvent {
  username: string;
  online: boolean;
  at: string;
  publicAddress?: string | null;
  port?: number | null;
  localAddresses?: string[];
}

export interface WsErrorData {
  code: string;
  message: string;
  /** The event that caused the error, when there was one. */
  event?: string;
}

export interface ServerEvents {
  /**
   * Sent once after the connection is authenticated. `observedAddress`/`observedPort` are the
   * client's own public endpoint as the server sees it (what a STUN server answers): a client
   * builds its server-reflexive candidate from them.
   */
  welcome: {
    username: string;
    observedAddress: string | null;
    observedPort: number | null;
    heartbeatIntervalMs: number;
    mitigations: string[];
  };
  /** Acknowledges presence.report with the addresses as the directory recorded them. */
  'presence.reported': { localAddresses: string[] };
  'presence.subscribed': { username: string };
  'presence.unsubscribed': { username: string };
  presence: PresenceEvent;
  'contact.request': { from: string };
  'contact.accepted': { username: string };
  'call.created': { callId: string; username: string };
  'call.incoming': { callId: string; from: string };
  'call.candidates': { callId: string; from: string; candidates: Candidate[] };
  'call.ringing': { callId: string };
  'call.accepted': { callId: string };
  'call.rejected': { callId: string };
  'call.cancelled': { callId: string };
  /**
   * `relay_unavailable`: M4 had to relay this call and the relay did not answer; it is never sent
   * direct instead. `relay_quota_exceeded`: a party of the call holds as many relayed calls that
   * never connected as the relay allows (that party also gets an `error` frame saying so).
   */
  'call.ended': {
    callId: string;
    reason: 'hangup' | 'disconnected' | 'relay_unavailable' | 'relay_quota_exceeded';
  };
  heartbeat: { at: string };
  error: WsErrorData;
}
export type ServerEventName = keyof ServerEvents;

export type ServerMessage = {
  [K in ServerEventName]: { event: K; data: ServerEvents[K] };
}[ServerEventName];
