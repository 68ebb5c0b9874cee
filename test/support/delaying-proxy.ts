import { Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk for a fixed time before passing it on, in order:
 * a slow network between one client and the directory, with real sockets. Its connections to the
 * directory leave from `sourceAddress`, so the directory still sees the client's lab address.
 */
export interface DelayingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startDelayingProxy(options: {
  target: string;
  sourceAddress: string;
  /** Client → directory. */
  upstreamDelayMs?: number;
  /** Directory → client. */
  downstreamDelayMs?: number;
}): Promise<DelayingProxy> {
  const target = new URL(options.target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const pipeDelayed = (from: Socket, to: Socket, delayMs: number) => {
    // Timers of equal delay fire in the order they were set: the stream keeps its order.
    from.on('data', (chunk: Buffer) => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server: Server = createServer((client) => {
    track(client);
    const upstream = connect({
      host: target.hostname,
      port: Number(target.port),
      localAddress: options.sourceAddress,
    });
    track(upstream);
    pipeDelayed(client, upstream, options.upstreamDelayMs ?? 0);
    pipeDelayed(upstream, client, options.downstreamDelayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
