import { createServer } from 'node:net';

/**
 * Whether this machine can bind the lab's loopback addresses (Linux routes all of 127.0.0.0/8 to
 * the loopback interface; macOS has only 127.0.0.1 unless aliases are added).
 */
export async function canBindLoopback(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}
