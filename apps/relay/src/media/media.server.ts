import { Server, Socket, createServer } from 'node:net';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { RELAY_MAX_LINE_BYTES, RELAY_OK_LINE, RELAY_TOKEN_PATTERN, RelayMediaError } from '@lab/protocol';
import { Allocation, AllocationsService, Role } from '../allocations/allocations.service';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_LOGGER, RELAY_OPTIONS } from '../relay.tokens';

/** One party's connection, and what it sent before the other party arrived. */
interface Leg {
  socket: Socket;
  early: Buffer[];
  listeners?: { data: (chunk: Buffer) => void; end: () => void };
}

/** A party may start sending before the other arrives; the relay keeps this much of it, no more. */
const EARLY_BYTES_LIMIT = 64 * 1024;

/**
 * The relay's media port: plain TCP, one line of text, then bytes. Each party connects here (not
 * to the other party), sends `<token>\n`, and waits; once both tokens of an allocation are
 * connected the relay answers `ok\n` to both and copies bytes between the two sockets, both ways.
 * So each party's socket shows the relay's address and nothing else: that is the whole of M4.
 *
 * The relay sees both parties' addresses, necessarily. It keeps none: they are not logged and
 * not stored, and nothing remains of an allocation once its call is over.
 */
@Injectable()
export class MediaServer implements OnModuleDestroy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** The first party of each allocation, until the second arrives. */
  private readonly waiting = new Map<Allocation, { role: Role; leg: Leg }>();

  constructor(
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
    @Inject(RELAY_LOGGER) private readonly logger: Logger,
    private readonly allocations: AllocationsService,
  ) {
    // Half-open allowed: when one party finishes sending, the other may still be sending to it.
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.mediaPort, this.options.host, () => {
        this.server.off('error', reject);
        const { port } = this.server.address() as { port: number };
        this.allocations.listeningOn(port);
        resolve(port);
      });
    });
  }

  onModuleDestroy(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset by a party is not the relay's failure
    socket.setNoDelay(true);
    const leg: Leg = { socket, early: [] };

    let line = Buffer.alloc(0);
    const timer = setTimeout(
      () => this.refuse(socket, RelayMediaError.Timeout, 'no token line within the time allowed'),
      this.options.tokenTimeoutMs,
    );
    timer.unref();
    const onData = (chunk: Buffer) => {
      line = Buffer.concat([line, chunk]);
      const newline = line.indexOf(0x0a);
      if (newline === -1 && line.length <= RELAY_MAX_LINE_BYTES) return;
      this.detach(leg);
      clearTimeout(timer);
      if (newline === -1 || newline > RELAY_MAX_LINE_BYTES) {
        return this.refuse(
          socket,
          RelayMediaError.BadRequest,
          'send your token (32 hex digits) and a newline first',
        );
      }
      // Whatever came after the token line is the start of the stream: keep it for the other party.
      if (line.length > newline + 1) leg.early.push(line.subarray(newline + 1));
      this.join(leg, line.subarray(0, newline).toString('latin1').trim());
    };
    leg.listeners = { data: onData, end: () => (clearTimeout(timer), socket.destroy()) };
    socket.on('data', leg.listeners.data);
    socket.on('end', leg.listeners.end);
  }

  private join(leg: Leg, token: string) {
    const { socket } = leg;
    if (!RELAY_TOKEN_PATTERN.test(token)) {
      return this.refuse(socket, RelayMediaError.BadRequest, 'a token is 32 lower-case hex digits');
    }
    const entry = this.allocations.find(token);
    if (!entry) {
      return this.refuse(
        socket,
        RelayMediaError.UnknownToken,
        'no allocation has this token: it was never issued, was used already, or expired',
      );
    }
    const { allocation, role } = entry;
    const first = this.waiting.get(allocation);
    if (first?.role === role) {
      return this.refuse(socket, RelayMediaError.TokenInUse, `the ${role}'s connection is already open`);
    }
    if (!first) return this.wait(allocation, role, leg);
    this.detach(first.leg);
    this.waiting.delete(allocation);
    this.allocations.markPaired(allocation);
    this.relay(allocation, first.leg, leg);
  }

  /** The first party waits for the second; anything it sends meanwhile is kept (a little of it). */
  private wait(allocation: Allocation, role: Role, leg: Leg) {
    const { socket } = leg;
    this.waiting.set(allocation, { role, leg });
    let kept = leg.early.reduce((n, b) => n + b.length, 0);
    const gone = () => {
      // A party that gives up may come back with the same token until the allocation expires.
      if (this.waiting.get(allocation)?.leg === leg) this.waiting.delete(allocation);
      socket.destroy();
    };
    leg.listeners = {
      data: (chunk: Buffer) => {
        kept += chunk.length;
        if (kept > EARLY_BYTES_LIMIT) {
          gone();
          return;
        }
        leg.early.push(chunk);
      },
      end: gone,
    };
    socket.on('data', leg.listeners.data);
    socket.on('end', leg.listeners.end);
    socket.once('close', gone);
    // If the other party never comes, the allocation expires and this one is told why.
    allocation.onExpire = () => {
      this.detach(leg);
      this.waiting.delete(allocation);
      this.refuse(socket, RelayMediaError.AllocationExpired, 'the other party did not connect in time');
    };
    this.logger.info({ allocationId: allocation.id, role }, 'party connected, waiting for the other');
  }

  /** Copies bytes both ways, within the allocation's byte and time budget. */
  private relay(allocation: Allocation, a: Leg, b: Leg) {
    const started = Date.now();
    let bytes = 0;
    let cut: string | undefined;
    const stop = (reason: string) => {
      cut ??= reason;
      a.socket.destroy();
      b.socket.destroy();
    };
    const timer = setTimeout(() => stop('time limit'), this.options.maxSessionMs);
    timer.unref();
    const carry = (from: Socket, to: Socket, chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > this.options.maxBytesPerAllocation) return stop('byte limit');
      if (!to.write(chunk)) from.pause();
    };
    const forward = (from: Leg, to: Leg) => {
      to.socket.write(`${RELAY_OK_LINE}\n`);
      for (const chunk of from.early.splice(0)) carry(from.socket, to.socket, chunk);
      from.socket.on('data', (chunk: Buffer) => carry(from.socket, to.socket, chunk));
      to.socket.on('drain', () => from.socket.resume());
      from.socket.on('end', () => to.socket.end()); // pass a half-close on
      from.socket.on('close', () => (to.socket.writableEnded ? undefined : to.socket.end()));
    };
    forward(a, b);
    forward(b, a);
    let open = 2;
    const closed = () => {
      if (--open > 0) return;
      clearTimeout(timer);
      this.logger.info(
        { allocationId: allocation.id, callId: allocation.callId, bytes, ms: Date.now() - started, cut },
        cut ? `relayed call cut: ${cut}` : 'relayed call ended',
      );
    };
    a.socket.once('close', closed);
    b.socket.once('close', closed);
    this.logger.info({ allocationId: allocation.id, callId: allocation.callId }, 'both parties in: relaying');
  }

  private detach(leg: Leg) {
    if (!leg.listeners) return;
    leg.socket.off('data', leg.listeners.data);
    leg.socket.off('end', leg.listeners.end);
    leg.listeners = undefined;
  }

  /** One line saying what was wrong, then the connection is closed. */
  private refuse(socket: Socket, code: RelayMediaError, sentence: string) {
    this.logger.info({ code }, 'media connection refused');
    socket.end(`error ${code} ${sentence}\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}
