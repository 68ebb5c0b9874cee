import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import type { LabClock } from '@lab/peers';
import { ConsoleErrorCode } from '../console-errors';
import { hostRefusedMessage, labHostAllowed } from '../lab-host-guard';
import { CONSOLE_EVENTS_PATH, ConsoleMessage } from './console-messages';

/** A projector and a laptop per participant, with room to spare: not a broadcast service. */
export const MAX_CONSOLE_CLIENTS = 48;
/** A client that has not read this much of what was sent is too slow: it is dropped, the others go on. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** How often the clock is sent while it runs (real ms); a change is sent at once. */
export const CLOCK_EVERY_MS = 2000;
const CLOCK_CHANGE_CHECK_MS = 200;
const MAX_CLIENT_FRAME_BYTES = 4096;
/** A laptop that slept or lost Wi-Fi leaves a half-open socket: pinged this often, cut off if silent. */
export const PING_EVERY_MS = 30_000;

export interface ConsoleEventsOptions {
  /** LAB_HOST: with loopback, the only name an upgrade's Host may carry (see lab-host-guard). */
  bindHost?: string;
  /** Tests shorten it. */
  pingEveryMs?: number;
}

/**
 * The console's live events on the lab port, `ws://…/console/events`: hello on connect, solved
 * exercises, the clock, job progress. The server talks, clients listen: anything a client sends is
 * answered with an error frame and the socket stays open. `send` never waits for a client (the ws
 * library buffers), and a client whose buffer grows past MAX_BUFFERED_BYTES is cut off, so a slow
 * laptop never holds up the projector.
 */
export class ConsoleEvents {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  private readonly clients = new Set<WebSocket>();
  private clockTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  /** Clients that have not answered the last ping yet. */
  private readonly awaitingPong = new WeakSet<WebSocket>();
  private lastClock = '';
  private lastClockSentAt = 0;

  constructor(
    private readonly clock: LabClock,
    private readonly instance: () => string,
    private readonly logger?: Logger,
    private readonly options: ConsoleEventsOptions = {},
  ) {}

  /** Takes over WebSocket upgrades of the lab's HTTP server; other paths are refused with a 404. */
  attach(http: Server) {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== CONSOLE_EVENTS_PATH) return refuse(socket, 404, 'Not Found');
      const port = req.socket.localPort ?? 0;
      if (!labHostAllowed(req.headers.host, port, this.options.bindHost ?? '127.0.0.1')) {
        return refuse(socket, 403, 'Forbidden', {
          statusCode: 403,
          code: ConsoleErrorCode.HostNotAllowed,
          message: hostRefusedMessage(req.headers.host, port),
        });
      }
      if (!sameOrigin(req)) return refuse(socket, 403, 'Forbidden');
      this.server.handleUpgrade(req, socket, head, (client) => this.connected(client));
    });
    this.clockTimer = setInterval(() => this.tickClock(), CLOCK_CHANGE_CHECK_MS);
    this.clockTimer.unref();
    this.pingTimer = setInterval(() => this.pingAll(), this.options.pingEveryMs ?? PING_EVERY_MS);
    this.pingTimer.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  broadcast(message: ConsoleMessage) {
    if (!this.clients.size) return;
    const frame = JSON.stringify(message);
    for (const client of this.clients) this.sendFrame(client, frame);
  }

  /** Says goodbye to every client; one that does not answer the close within a second is cut off. */
  async close() {
    clearInterval(this.clockTimer);
    clearInterval(this.pingTimer);
    await Promise.all(
      [...this.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => client.terminate(), 1000);
            client.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            client.close(1001, 'the lab is stopping');
          }),
      ),
    );
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connected(client: WebSocket) {
    if (this.clients.size >= MAX_CONSOLE_CLIENTS) {
      this.sendFrame(
        client,
        JSON.stringify({
          type: 'error',
          code: ConsoleErrorCode.TooManyClients,
          message: `At most ${MAX_CONSOLE_CLIENTS} consoles follow one lab; close another tab and reconnect.`,
        } satisfies ConsoleMessage),
      );
      client.close(1013, 'too many clients');
      return;
    }
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('pong', () => this.awaitingPong.delete(client));
    client.on('error', (error) => this.logger?.warn({ err: error }, 'console WebSocket client error'));
    client.on('message', (data, isBinary) => {
      const size = Array.isArray(data) ? data.length : (data as Buffer | ArrayBuffer).byteLength;
      this.sendFrame(
        client,
        JSON.stringify({
          type: 'error',
          code: ConsoleErrorCode.ClientMessagesNotAccepted,
          message: `This socket only sends events (hello, solved, clock, job); it takes no messages (got a ${isBinary ? 'binary' : 'text'} frame of ${size} bytes). Use the HTTP API under /console/api and /workshop.`,
        } satisfies ConsoleMessage),
      );
    });
    const state = this.clock.state();
    this.sendFrame(
      client,
      JSON.stringify({
        type: 'hello',
        instance: this.instance(),
        labTime: state.labTime,
        labMinutes: state.labMinutes,
      } satisfies ConsoleMessage),
    );
  }

  private sendFrame(client: WebSocket, frame: string) {
    if (client.readyState !== WebSocket.OPEN) return;
    if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.clients.delete(client);
      client.terminate();
      return;
    }
    client.send(frame);
  }

  /** Cuts off every client that missed the previous ping, pings the others. */
  private pingAll() {
    for (const client of this.clients) {
      if (this.awaitingPong.has(client)) {
        this.clients.delete(client);
        client.terminate();
        continue;
      }
      this.awaitingPong.add(client);
      client.ping();
    }
  }

  /** Sends the clock when it changed (pause, speed, jump) and every CLOCK_EVERY_MS while it runs. */
  private tickClock() {
    const state = this.clock.state();
    const last = state.segments.at(-1)!;
    const key = `${last.fromRealMs}:${last.labMinutes}:${last.speed}:${state.speed}`;
    const changed = key !== this.lastClock;
    this.lastClock = key;
    const due = !state.paused && Date.now() - this.lastClockSentAt >= CLOCK_EVERY_MS;
    if (!changed && !due) return;
    this.lastClockSentAt = Date.now();
    this.broadcast({
      type: 'clock',
      labTime: state.labTime,
      labMinutes: state.labMinutes,
      speed: state.speed,
      paused: state.paused,
    });
  }
}

/**
 * A browser always sends Origin on a WebSocket and applies no same-origin rule to it: without this
 * check any web page open in the participant's browser could follow the lab. Clients that are not
 * browsers send no Origin and are let in.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string, body?: object) {
  const json = body === undefined ? '' : JSON.stringify(body);
  const type = body === undefined ? '' : 'Content-Type: application/json; charset=utf-8\r\n';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${type}Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}
