import { Server, Socket, connect, createServer, isIP } from 'node:net';
import { Candidate, RELAY_OK_LINE } from '@lab/protocol';
import { OUTSIDE_LAB, checkTargetHost } from '@lab/sandbox';

/**
 * Calls that really carry data. The callee opens a TCP listener and offers it as candidates; after
 * accept the caller connects — to the callee's candidate (peer to peer), or to the relay with its
 * token (M4) — and the two exchange a small stream: the caller sends MEDIA_TEST_BYTES, the callee
 * echoes them. Each side records the address its media socket was actually connected to
 * (`socket.remoteAddress`), so "who saw whose address" is a measured fact, not a string in a frame.
 */
export const MEDIA_TEST_BYTES = 16 * 1024;

/** What one side of a call measured on its media connection. */
export interface MediaRecord {
  callId: string;
  /** The other user (by username). */
  peer: string;
  role: 'caller' | 'callee';
  path: 'direct' | 'relay';
  /** The address and port this side's media socket was connected to, as the OS reports them. */
  remoteAddress: string;
  remotePort: number;
  /** Caller: bytes that came back; callee: bytes echoed. */
  bytes: number;
  /** Caller: the echo equals what was sent; callee: it echoed the whole stream. */
  intact: boolean;
  at: string;
}

/** A callee's media listener, bound to the user's own (loopback) source address. */
export class MediaListener {
  private constructor(
    private readonly server: Server,
    readonly address: string,
    readonly port: number,
  ) {}

  static open(address = '127.0.0.1'): Promise<MediaListener> {
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, () => {
        server.off('error', reject);
        resolve(new MediaListener(server, address, (server.address() as { port: number }).port));
      });
    });
  }

  /**
   * The candidates an ICE agent would offer for this listener: one host candidate per LAN address
   * the client believes it has, and a server-reflexive one from the address the directory saw.
   */
  candidates(lanAddresses: readonly string[], observedAddress?: string | null): Candidate[] {
    const host = lanAddresses.map((address) => ({ type: 'host' as const, address, port: this.port }));
    const srflx =
      observedAddress && observedAddress !== OUTSIDE_LAB
        ? [{ type: 'srflx' as const, address: observedAddress, port: this.port }]
        : [];
    return [...host, ...srflx];
  }

  /** Calls `handle` for each incoming connection; the handler decides whether to take it. */
  onConnection(handle: (socket: Socket) => void) {
    this.server.on('connection', handle);
  }

  close() {
    this.server.close();
  }
}

/**
 * Connects to the other party: through the relay if there is a relay candidate (M4), else to the
 * server-reflexive candidate. Host candidates are never dialled: in the embedded lab a LAN address
 * is not routable, and dialling one would send packets off this machine. Every target passes the
 * sandbox guard first.
 */
export async function dialMedia(
  candidates: readonly Candidate[],
  localAddress?: string,
  timeoutMs = 5000,
): Promise<{ socket: Socket; path: 'direct' | 'relay' }> {
  const relay = candidates.find((c) => c.type === 'relay' && c.token);
  const target = relay ?? candidates.find((c) => c.type === 'srflx');
  if (!target) throw new Error('no candidate to connect to (no relay and no server-reflexive candidate)');
  if (isIP(target.address) !== 4 || target.port < 1) {
    throw new Error(`candidate ${target.address}:${target.port} is not an IPv4 address and port`);
  }
  checkTargetHost(new URL(`http://${target.address}:${target.port}`));
  const socket = await open(target.address, target.port, localAddress, timeoutMs);
  if (!relay) return { socket, path: 'direct' };
  socket.write(`${relay.token}\n`);
  await relayReady(socket, timeoutMs);
  return { socket, path: 'relay' };
}

function open(
  host: string,
  port: number,
  localAddress: string | undefined,
  timeoutMs: number,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress, timeout: timeoutMs });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', reject);
      // A reset before the stream starts must not crash the process: it shows as a short stream.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('timeout', () =>
      socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.once('error', reject);
  });
}

/** Waits for the relay's `ok` line (both parties in); its `error …` line becomes the rejection. */
function relayReady(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let line = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      // Paused, so nothing the other party sends is lost before the stream's reader is attached.
      socket.pause();
      socket.off('data', onData);
      socket.off('close', onClose);
      if (!error) return resolve();
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      line += chunk.toString('latin1');
      const newline = line.indexOf('\n');
      if (newline === -1) return line.length > 512 ? done(new Error('the relay sent no line')) : undefined;
      const first = line.slice(0, newline);
      // Bytes after `ok` are the other party's: put them back for the stream.
      if (line.length > newline + 1) socket.unshift(Buffer.from(line.slice(newline + 1), 'latin1'));
      done(first === RELAY_OK_LINE ? undefined : new Error(`the relay refused: ${first}`));
    };
    const onClose = () => done(new Error(`the relay closed the connection${line ? `: ${line.trim()}` : ''}`));
    const timer = setTimeout(
      () => done(new Error(`the other party did not reach the relay within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** The caller's half of the test stream: send `bytes`, read them back, compare. */
export function sendAndCheckEcho(
  socket: Socket,
  bytes = MEDIA_TEST_BYTES,
  timeoutMs = 5000,
): Promise<{ bytes: number; intact: boolean }> {
  const sent = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) sent[i] = (i * 31 + 7) & 0xff; // a pattern, so reordering would show
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const timer = setTimeout(
      () => finish(new Error(`echo incomplete after ${timeoutMs} ms (${received}/${bytes} bytes)`)),
      timeoutMs,
    );
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.end();
      if (error) return reject(error);
      const echo = Buffer.concat(chunks);
      resolve({ bytes: echo.length, intact: echo.equals(sent) });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= bytes) finish();
    });
    socket.once('close', () =>
      received < bytes ? finish(new Error(`connection closed after ${received}/${bytes} bytes`)) : undefined,
    );
    socket.once('error', (error) => finish(error));
    socket.resume();
    socket.write(sent);
  });
}

/** The callee's half: echo everything back (at most `limit` bytes) until the caller ends. */
export function echo(socket: Socket, limit = MEDIA_TEST_BYTES, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    let echoed = 0;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    socket.on('data', (chunk: Buffer) => {
      const part = chunk.subarray(0, Math.max(0, limit - echoed));
      echoed += part.length;
      if (part.length) socket.write(part);
      if (echoed >= limit) socket.end();
    });
    socket.once('end', () => socket.end());
    socket.once('error', () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(echoed);
    });
    socket.resume();
  });
}
