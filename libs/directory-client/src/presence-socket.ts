import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { ClientEventName, ClientEvents, ServerEventName, ServerEvents, ServerMessage } from '@lab/protocol';
import { checkTargetHost } from '@lab/sandbox';
import { AutoAnswerAgent, CallAgentHost, CallAgentOptions } from './auto-answer-agent';
import { ClientLogger, silentLogger } from './client-logger';
import { logFrameAddresses } from './debug-log';
import { DirectorySocketError } from './directory-error';
import { MEDIA_TEST_BYTES, MediaListener, MediaRecord, dialMedia, sendAndCheckEcho } from './media';
import type { SeenEvent } from './victim-view';

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
  private readonly mediaSockets = new Set<Socket>();
  /** The client side of L3: answers incoming calls with candidates before the user sees a ring. */
  private readonly agent: AutoAnswerAgent;
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(private readonly options: PresenceSocketOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.agent = new AutoAnswerAgent(this.agentHost(), options.agent);
    checkTargetHost(new URL(options.url)); // the sandbox guard, before the socket is opened
    this.ws = new WebSocket(options.url, {
      headers: { authorization: `Bearer ${options.token}` },
      localAddress: options.localAddress,
      handshakeTimeout: 10_000,
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => {
        clearInterval(this.heartbeatTimer);
        this.agent.close();
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
    logFrameAddresses(this.logger, message); // the debug-log leak (debug-log.ts)
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
        this.agent.onIncomingCall(message.data.callId, message.data.from);
        break;
      case 'call.cancelled':
        this.agent.onCancelled(message.data.callId);
        break;
      case 'call.ended':
        this.agent.onEnded(message.data.callId);
        break;
      case 'call.candidates':
        this.agent.onCandidates(message.data);
        break;
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

  private agentHost(): CallAgentHost {
    // Getters: the welcome frame and the local port arrive after the agent is made.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read lazily by the getters below
    const socket = this;
    return {
      send: (event, data) => this.send(event, data),
      see: (kind, from, callId) => this.see(kind, from, callId),
      recordMedia: (fields) => this.recordMedia(fields),
      get welcome() {
        return socket.welcome;
      },
      get localPort() {
        return socket.localPort;
      },
      localAddress: this.options.localAddress,
      localAddresses: this.options.localAddresses ?? [],
      logger: this.logger,
      mediaSockets: this.mediaSockets,
    };
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
}
