import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import {
  Candidate,
  ClientEventName,
  ClientEvents,
  ServerEventName,
  ServerEvents,
  ServerMessage,
} from '@lab/protocol';
import { checkTargetHost } from '@lab/sandbox';
import { ClientLogger, silentLogger } from './client-logger';
import { DirectorySocketError } from './directory-error';
import { MEDIA_TEST_BYTES, MediaListener, MediaRecord, dialMedia, echo, sendAndCheckEcho } from './media';

/** Something the client showed its user: the victim's view. */
export interface SeenEvent {
  at: string;
  kind: 'ring' | 'missed-call' | 'call-answered' | 'call-rejected' | 'contact-request' | 'contact-accepted';
  from: string;
  callId?: string;
}

/**
 * How this client behaves when a call comes in — an automatic agent: it answers the invite with
 * its address candidates at once, before its user has seen anything, and shows the ring only after
 * `ringDelayMs`. A caller who cancels first leaves no trace on this side. Modelled on the
 * inconspicuous call [@LeBlond2011]; no source describes a 2011 Skype client's timing.
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

export interface PresenceSocketOptions {
  url: string;
  token: string;
  localAddress?: string;
  logger?: ClientLogger;
  /** LAN addresses this client believes it has, reported right after connecting. */
  localAddresses?: string[];
  /** Send heartbeats at the interval the directory asks for (default: true). */
  heartbeat?: boolean;
  agent?: CallAgentOptions;
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

/**
 * The directory WebSocket of one logged-in client: presence, subscriptions, calls.
 * Every frame received is kept (raw) in `transcript`, and parsed in `frames`.
 */
export class PresenceSocket extends EventEmitter {
  readonly opened: Promise<ServerEvents['welcome']>;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly transcript: string[] = [];
  readonly frames: ServerMessage[] = [];
  /** What this client showed its user. */
  readonly seen: SeenEvent[] = [];
  /** Every media connection of this client's calls, with the address its socket really saw. */
  readonly media: MediaRecord[] = [];
  welcome?: ServerEvents['welcome'];
  private readonly ws: WebSocket;
  private readonly logger: ClientLogger;
  private readonly incoming = new Map<string, IncomingCall>();
  private readonly mediaCalls = new Map<string, MediaCall>();
  private readonly mediaSockets = new Set<Socket>();
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(private readonly options: PresenceSocketOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    checkTargetHost(new URL(options.url)); // the sandbox guard, before the socket is opened
    this.ws = new WebSocket(options.url, {
      headers: { authorization: `Bearer ${options.token}` },
      localAddress: options.localAddress,
      handshakeTimeout: 10_000,
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => {
        clearInterval(this.heartbeatTimer);
        for (const call of this.incoming.values()) clearTimeout(call.ringTimer);
        for (const callId of [...this.mediaCalls.keys()]) this.dropMediaCall(callId);
        for (const socket of this.mediaSockets) socket.destroy();
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('error', reject);
      this.once('error-frame', (data: ServerEvents['error']) =>
        reject(new DirectorySocketError(data.code, data.message)),
      );
      this.once('welcome', (data: ServerEvents['welcome']) => {
        // With LAN addresses to report, the socket is ready once the directory has recorded them.
        if (!this.options.localAddresses?.length) return resolve(data);
        this.once('presence.reported', () => resolve(data));
      });
      void this.closed.then(({ code, reason }) =>
        reject(new Error(`WebSocket closed before welcome (${code} ${reason})`)),
      );
    });
    this.opened.catch(() => undefined);
    this.ws.on('message', (raw, isBinary) => this.receive(isBinary ? '<binary>' : raw.toString()));
  }

  get localPort(): number | undefined {
    return (this.ws as unknown as { _socket?: { localPort?: number } })._socket?.localPort;
  }

  send<E extends ClientEventName>(event: E, data: ClientEvents[E]) {
    this.ws.send(JSON.stringify({ event, data }));
  }

  /** Sends raw text or bytes, for tests of bad input. */
  sendRaw(payload: string | Buffer) {
    this.ws.send(payload);
  }

  /** Resolves with the next frame of this event that matches, or rejects on an error frame about `cause`. */
  waitFor<E extends ServerEventName>(
    event: E,
    match: (data: ServerEvents[E]) => boolean = () => true,
    options: { timeoutMs?: number; failOnErrorFor?: string } = {},
  ): Promise<ServerEvents[E]> {
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.off(event, onEvent);
        this.off('error-frame', onError);
      };
      const onEvent = (data: ServerEvents[E]) => {
        if (!match(data)) return;
        cleanup();
        resolve(data);
      };
      const onError = (data: ServerEvents['error']) => {
        if (!options.failOnErrorFor || data.event !== options.failOnErrorFor) return;
        cleanup();
        reject(new DirectorySocketError(data.code, data.message, data.event));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no "${event}" frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(event, onEvent);
      this.on('error-frame', onError);
    });
  }

  /** Follows a user's presence; resolves once subscribed (rejects with the directory's error). */
  async subscribe(username: string) {
    const done = this.waitFor('presence.subscribed', (d) => d.username === username, {
      failOnErrorFor: 'presence.subscribe',
    });
    this.send('presence.subscribe', { username });
    return done;
  }

  /** Starts a call; resolves with the call id. */
  async invite(username: string): Promise<string> {
    const created = this.waitFor('call.created', (d) => d.username === username, {
      failOnErrorFor: 'call.invite',
    });
    this.send('call.invite', { username });
    return (await created).callId;
  }

  /**
   * A call that carries data: invite, offer this client's own candidates (as an ICE agent does),
   * wait for the callee's user to accept, connect to the candidate the directory forwarded (the
   * callee directly, or the relay with this side's token), send MEDIA_TEST_BYTES and check the
   * echo, then hang up. Resolves with what this side's media socket measured.
   */
  async placeCall(username: string, options: { timeoutMs?: number } = {}): Promise<MediaRecord> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const listener = await MediaListener.open(this.options.localAddress);
    let callId: string | undefined;
    let accepted = false;
    try {
      callId = await this.invite(username);
      const candidates = listener.candidates(
        this.options.localAddresses ?? [],
        this.welcome?.observedAddress,
      );
      this.send('call.candidates', { callId, candidates });
      await this.callFrame('call.accepted', callId, timeoutMs);
      accepted = true;
      const forwarded = await this.callFrame('call.candidates', callId, timeoutMs);
      const { socket, path } = await dialMedia(forwarded.candidates, this.options.localAddress, timeoutMs);
      const seenAt = { remoteAddress: socket.remoteAddress ?? '', remotePort: socket.remotePort ?? 0 };
      this.mediaSockets.add(socket);
      socket.once('close', () => this.mediaSockets.delete(socket));
      const result = await sendAndCheckEcho(socket, MEDIA_TEST_BYTES, timeoutMs);
      this.send('call.hangup', { callId });
      return this.recordMedia({ callId, peer: username, role: 'caller', path, ...seenAt, ...result });
    } catch (error) {
      if (callId && this.ws.readyState === WebSocket.OPEN && !this.callIsOver(callId)) {
        this.send(accepted ? 'call.hangup' : 'call.cancel', { callId });
      }
      throw error;
    } finally {
      listener.close();
    }
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(1000, 'bye');
    return this.closed;
  }

  /** Drops the connection without a closing handshake, as a crashed client or a lost network would. */
  terminate() {
    this.ws.terminate();
    return this.closed;
  }

  private receive(text: string) {
    this.transcript.push(text);
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      this.logger.warn({ text: text.slice(0, 200) }, 'directory sent a frame that is not JSON');
      return;
    }
    this.frames.push(message);
    this.logAddresses(message);
    this.handle(message);
    this.emit(message.event === 'error' ? 'error-frame' : message.event, message.data);
  }

  private handle(message: ServerMessage) {
    switch (message.event) {
      case 'welcome':
        this.welcome = message.data;
        if (this.options.localAddresses?.length) {
          this.send('presence.report', { localAddresses: this.options.localAddresses });
        }
        if (this.options.heartbeat !== false) {
          this.heartbeatTimer = setInterval(
            () => this.send('heartbeat', {}),
            message.data.heartbeatIntervalMs,
          );
          this.heartbeatTimer.unref();
        }
        break;
      case 'call.incoming':
        this.onIncomingCall(message.data.callId, message.data.from);
        break;
      case 'call.cancelled': {
        const call = this.incoming.get(message.data.callId);
        if (!call) break;
        clearTimeout(call.ringTimer);
        this.incoming.delete(message.data.callId);
        this.dropMediaCall(message.data.callId);
        // Cancelled before the ring was shown: the user never learns there was a call.
        if (call.rang) this.see('missed-call', call.from, message.data.callId);
        break;
      }
      case 'call.ended':
        this.incoming.delete(message.data.callId);
        this.dropMediaCall(message.data.callId);
        break;
      case 'call.candidates': {
        // The callee's media agent joins the relay when the directory sends it a relay candidate (M4).
        const call = this.mediaCalls.get(message.data.callId);
        const relay = message.data.candidates.filter((c) => c.type === 'relay');
        if (call && call.accepted && !call.taken && relay.length)
          void this.joinRelay(message.data.callId, call, relay);
        break;
      }
      case 'contact.request':
        this.see('contact-request', message.data.from);
        break;
      case 'contact.accepted':
        this.see('contact-accepted', message.data.username);
        break;
      default:
        break;
    }
  }

  /** The automatic agent: candidates first, the ring for the user later. */
  private onIncomingCall(callId: string, from: string) {
    const agent = this.options.agent ?? {};
    if (agent.media) void this.offerMedia(callId, from);
    else this.send('call.candidates', { callId, candidates: this.ownCandidates(agent.mediaPort) });
    const call: IncomingCall = { from, rang: false };
    this.incoming.set(callId, call);
    call.ringTimer = setTimeout(() => {
      call.rang = true;
      this.see('ring', from, callId);
      this.send('call.ringing', { callId });
      if (agent.answer?.(from)) {
        this.see('call-answered', from, callId);
        const media = this.mediaCalls.get(callId);
        if (media) media.accepted = true;
        this.send('call.accept', { callId });
        this.incoming.delete(callId);
      }
    }, agent.ringDelayMs ?? 1500);
  }

  /** Host candidates from the LAN addresses, a server-reflexive one from what the directory observed. */
  private ownCandidates(mediaPort?: number): Candidate[] {
    const port = mediaPort ?? this.localPort ?? 0;
    const host = (this.options.localAddresses ?? []).map((address) => ({
      type: 'host' as const,
      address,
      port,
    }));
    const observed = this.welcome?.observedAddress;
    const srflx =
      observed && observed !== 'outside-lab'
        ? [{ type: 'srflx' as const, address: observed, port: this.welcome?.observedPort ?? port }]
        : [];
    return [...host, ...srflx];
  }

  /** The callee's media agent: a listener on this user's own address, offered as candidates. */
  private async offerMedia(callId: string, from: string) {
    const call: MediaCall = { from, accepted: false, taken: false };
    this.mediaCalls.set(callId, call);
    call.timer = setTimeout(() => this.dropMediaCall(callId), MEDIA_CALL_TIMEOUT_MS);
    call.timer.unref();
    const listener = await MediaListener.open(this.options.localAddress).catch((error: Error) => {
      this.logger.warn({ callId, err: error.message }, 'could not open a media listener');
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
    const candidates = listener.candidates(this.options.localAddresses ?? [], this.welcome?.observedAddress);
    this.send('call.candidates', { callId, candidates });
  }

  private async joinRelay(callId: string, call: MediaCall, candidates: Candidate[]) {
    call.taken = true;
    call.listener?.close();
    try {
      const { socket } = await dialMedia(candidates, this.options.localAddress);
      await this.answerMedia(callId, call, socket, 'relay');
    } catch (error) {
      this.logger.warn({ callId, err: (error as Error).message }, 'could not join the relay');
    }
  }

  private async answerMedia(callId: string, call: MediaCall, socket: Socket, path: MediaRecord['path']) {
    // Read now: once the socket is closed Node no longer reports its remote end.
    const seenAt = { remoteAddress: socket.remoteAddress ?? '', remotePort: socket.remotePort ?? 0 };
    this.mediaSockets.add(socket);
    const bytes = await echo(socket);
    this.mediaSockets.delete(socket);
    this.recordMedia({
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

  private dropMediaCall(callId: string) {
    const call = this.mediaCalls.get(callId);
    if (!call) return;
    clearTimeout(call.timer);
    call.listener?.close(); // a stream already taken goes on until the caller ends it
    this.mediaCalls.delete(callId);
  }

  private recordMedia(fields: Omit<MediaRecord, 'at'>): MediaRecord {
    const record: MediaRecord = { ...fields, at: new Date().toISOString() };
    this.media.push(record);
    this.emit('media', record);
    return record;
  }

  /** The frame of this call if it came already, else the next one; rejects if the call ends first. */
  private callFrame<E extends 'call.accepted' | 'call.candidates'>(
    event: E,
    callId: string,
    timeoutMs: number,
  ): Promise<ServerEvents[E]> {
    const earlier = this.frames.find((f) => f.event === event && f.data.callId === callId);
    if (earlier) return Promise.resolve(earlier.data as ServerEvents[E]);
    return new Promise((resolve, reject) => {
      const ends = ['call.rejected', 'call.ended', 'call.cancelled'] as const;
      const cleanup = () => {
        clearTimeout(timer);
        this.off(event, onEvent);
        for (const end of ends) this.off(end, onEnd);
      };
      const onEvent = (data: ServerEvents[E]) => {
        if (data.callId !== callId) return;
        cleanup();
        resolve(data);
      };
      const onEnd = (data: { callId: string; reason?: string }) => {
        if (data.callId !== callId) return;
        cleanup();
        reject(new Error(`the call ended before "${event}"${data.reason ? ` (${data.reason})` : ''}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no "${event}" for call ${callId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(event, onEvent);
      for (const end of ends) this.on(end, onEnd);
    });
  }

  private callIsOver(callId: string) {
    return this.frames.some(
      (f) =>
        (f.event === 'call.rejected' || f.event === 'call.ended' || f.event === 'call.cancelled') &&
        f.data.callId === callId,
    );
  }

  private see(kind: SeenEvent['kind'], from: string, callId?: string) {
    const event: SeenEvent = { at: new Date().toISOString(), kind, from, ...(callId ? { callId } : {}) };
    this.seen.push(event);
    this.emit('seen', event);
  }

  private logAddresses(message: ServerMessage) {
    if (message.event === 'presence' && message.data.publicAddress) {
      const d = message.data;
      this.logger.debug(
        { user: d.username, publicAddress: d.publicAddress, port: d.port, localAddresses: d.localAddresses },
        `presence ${d.username} -r${d.publicAddress}:${d.port} -l${(d.localAddresses ?? []).join(',')}`,
      );
    } else if (message.event === 'call.candidates') {
      const d = message.data;
      this.logger.debug(
        // The relay token is a credential, not an address: it stays out of the log.
        { user: d.from, callId: d.callId, candidates: d.candidates.map(({ token: _token, ...c }) => c) },
        `candidates from ${d.from}: ${d.candidates.map((c) => `${c.type} ${c.address}:${c.port}`).join(' ')}`,
      );
    }
  }
}
