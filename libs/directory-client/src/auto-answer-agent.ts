import type { Socket } from 'node:net';
import type { Candidate, ClientEventName, ClientEvents, ServerEvents } from '@lab/protocol';
import type { ClientLogger } from './client-logger';
import { MEDIA_TEST_BYTES, MediaListener, MediaRecord, dialMedia, echo } from './media';
import type { SeenEvent } from './victim-view';

/**
 * How this client behaves when a call comes in — an automatic agent: it answers the invite with
 * its address candidates at once, before its user has seen anything, and shows the ring only after
 * `ringDelayMs`. A caller who cancels first leaves no trace on this side. This is the client side
 * of L3, modelled on the inconspicuous call [@LeBlond2011]; no source describes a 2011 Skype
 * client's timing.
 */
export interface CallAgentOptions {
  ringDelayMs?: number;
  /** Whether the user picks up once the ring is shown (default: never). */
  answer?: (from: string) => boolean;
  /** The port offered in candidates (default: this socket's local port). */
  mediaPort?: number;
  /**
   * Real media: open a TCP listener per incoming call and offer *it* as the candidates; after the
   * user accepts, echo the caller's stream (direct), or join the relay with the token the directory
   * sent (M4). Each media connection is recorded in `media`.
   */
  media?: boolean;
}

/** What the agent needs of the socket it answers calls on. */
export interface CallAgentHost {
  send<E extends ClientEventName>(event: E, data: ClientEvents[E]): void;
  /** Shows the user something (the victim's view). */
  see(kind: SeenEvent['kind'], from: string, callId?: string): void;
  recordMedia(fields: Omit<MediaRecord, 'at'>): MediaRecord;
  readonly welcome?: ServerEvents['welcome'];
  readonly localPort?: number;
  readonly localAddress?: string;
  readonly localAddresses: string[];
  readonly logger: ClientLogger;
  readonly mediaSockets: Set<Socket>;
}

interface IncomingCall {
  from: string;
  ringTimer?: NodeJS.Timeout;
  rang: boolean;
}

/** The callee's side of a call with real media, from the invite until its stream is over. */
interface MediaCall {
  from: string;
  accepted: boolean;
  /** A media connection was taken; no other will be. */
  taken: boolean;
  listener?: MediaListener;
  timer?: NodeJS.Timeout;
}

/** A callee's listener waits this long for the call to be accepted and connected, then closes. */
const MEDIA_CALL_TIMEOUT_MS = 30_000;

/** The victim's auto-answer: what the client does with an incoming call before its user knows. */
export class AutoAnswerAgent {
  private readonly incoming = new Map<string, IncomingCall>();
  private readonly mediaCalls = new Map<string, MediaCall>();

  constructor(
    private readonly host: CallAgentHost,
    private readonly options: CallAgentOptions = {},
  ) {}

  /** The caller cancelled: a call cancelled before the ring was shown leaves nothing on the screen. */
  onCancelled(callId: string) {
    const call = this.incoming.get(callId);
    if (!call) return;
    clearTimeout(call.ringTimer);
    this.incoming.delete(callId);
    this.dropMediaCall(callId);
    // Cancelled before the ring was shown: the user never learns there was a call.
    if (call.rang) this.host.see('missed-call', call.from, callId);
  }

  onEnded(callId: string) {
    this.incoming.delete(callId);
    this.dropMediaCall(callId);
  }

  /** The callee's media agent joins the relay when the directory sends it a relay candidate (M4). */
  onCandidates(data: ServerEvents['call.candidates']) {
    const call = this.mediaCalls.get(data.callId);
    const relay = data.candidates.filter((c) => c.type === 'relay');
    if (call && call.accepted && !call.taken && relay.length) void this.joinRelay(data.callId, call, relay);
  }

  /** The socket closed: no ring will be shown, no media call goes on. */
  close() {
    for (const call of this.incoming.values()) clearTimeout(call.ringTimer);
    for (const callId of [...this.mediaCalls.keys()]) this.dropMediaCall(callId);
  }

  /** The automatic agent: candidates first, the ring for the user later. */
  onIncomingCall(callId: string, from: string) {
    const agent = this.options;
    // L3: the addresses go out now, before the user has been shown anything.
    if (agent.media) void this.offerMedia(callId, from);
    else this.host.send('call.candidates', { callId, candidates: this.ownCandidates(agent.mediaPort) });
    const call: IncomingCall = { from, rang: false };
    this.incoming.set(callId, call);
    call.ringTimer = setTimeout(() => {
      call.rang = true;
      this.host.see('ring', from, callId);
      this.host.send('call.ringing', { callId });
      if (agent.answer?.(from)) {
        this.host.see('call-answered', from, callId);
        const media = this.mediaCalls.get(callId);
        if (media) media.accepted = true;
        this.host.send('call.accept', { callId });
        this.incoming.delete(callId);
      }
    }, agent.ringDelayMs ?? 1500);
  }

  /** Host candidates from the LAN addresses, a server-reflexive one from what the directory observed. */
  private ownCandidates(mediaPort?: number): Candidate[] {
    const port = mediaPort ?? this.host.localPort ?? 0;
    const host = this.host.localAddresses.map((address) => ({
      type: 'host' as const,
      address,
      port,
    }));
    const observed = this.host.welcome?.observedAddress;
    const srflx =
      observed && observed !== 'outside-lab'
        ? [{ type: 'srflx' as const, address: observed, port: this.host.welcome?.observedPort ?? port }]
        : [];
    return [...host, ...srflx];
  }

  /** The callee's media agent: a listener on this user's own address, offered as candidates. */
  private async offerMedia(callId: string, from: string) {
    const call: MediaCall = { from, accepted: false, taken: false };
    this.mediaCalls.set(callId, call);
    call.timer = setTimeout(() => this.dropMediaCall(callId), MEDIA_CALL_TIMEOUT_MS);
    call.timer.unref();
    const listener = await MediaListener.open(this.host.localAddress).catch((error: Error) => {
      this.host.logger.warn({ callId, err: error.message }, 'could not open a media listener');
      return undefined;
    });
    if (!listener) return;
    if (this.mediaCalls.get(callId) !== call) return listener.close(); // the call ended meanwhile
    call.listener = listener;
    listener.onConnection((socket) => {
      // No media before the user accepted, and only one stream per call.
      if (!call.accepted || call.taken) return void socket.destroy();
      call.taken = true;
      listener.close();
      void this.answerMedia(callId, call, socket, 'direct');
    });
    const candidates = listener.candidates(this.host.localAddresses, this.host.welcome?.observedAddress);
    this.host.send('call.candidates', { callId, candidates });
  }

  private async joinRelay(callId: string, call: MediaCall, candidates: Candidate[]) {
    call.taken = true;
    call.listener?.close();
    try {
      const { socket } = await dialMedia(candidates, this.host.localAddress);
      await this.answerMedia(callId, call, socket, 'relay');
    } catch (error) {
      this.host.logger.warn({ callId, err: (error as Error).message }, 'could not join the relay');
    }
  }

  private async answerMedia(callId: string, call: MediaCall, socket: Socket, path: MediaRecord['path']) {
    // Read now: once the socket is closed Node no longer reports its remote end.
    const seenAt = { remoteAddress: socket.remoteAddress ?? '', remotePort: socket.remotePort ?? 0 };
    this.host.mediaSockets.add(socket);
    const bytes = await echo(socket);
    this.host.mediaSockets.delete(socket);
    this.host.recordMedia({
      callId,
      peer: call.from,
      role: 'callee',
      path,
      ...seenAt,
      bytes,
      intact: bytes === MEDIA_TEST_BYTES,
    });
    this.dropMediaCall(callId);
  }

  dropMediaCall(callId: string) {
    const call = this.mediaCalls.get(callId);
    if (!call) return;
    clearTimeout(call.timer);
    call.listener?.close(); // a stream already taken goes on until the caller ends it
    this.mediaCalls.delete(callId);
  }
}
