import { MAX_WS_FRAME_BYTES } from '@lab/protocol';
import { LabUser, TestDirectory, eventually, startTestDirectory } from '../support/lab-harness';

// Several directories run in one process (the lab's two, and those `matrix` starts on demand).
// Each one's log lines must carry its own `service` name, also after another one is gone.

interface LogLine {
  service: string;
  level: number;
  msg?: string;
}

const clientErrors = (directory: TestDirectory) =>
  directory.logs.lines
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.msg?.startsWith('WebSocket client error'));

/** A frame over the limit makes the server's socket emit an error: a warning of that directory. */
async function provokeClientError(directory: TestDirectory, name: string, address: string) {
  const user = await LabUser.create(directory, name, address);
  try {
    const socket = await user.goOnline({ heartbeat: false });
    socket.sendRaw(JSON.stringify({ event: 'heartbeat', data: { pad: 'x'.repeat(MAX_WS_FRAME_BYTES) } }));
    expect((await socket.closed).code).toBe(1009);
    await eventually(() => expect(clientErrors(directory)).toHaveLength(1));
  } finally {
    await user.close();
  }
}

const services = (directory: TestDirectory) =>
  new Set(directory.logs.lines.map((line) => (JSON.parse(line) as LogLine).service));

describe('each directory logs under its own name', () => {
  let kept: TestDirectory;
  let deleted: TestDirectory;

  beforeAll(async () => {
    kept = await startTestDirectory('all', { name: 'directory-fixed' });
    // Started after the kept one, like an on-demand directory of `matrix`, used, then closed.
    deleted = await startTestDirectory([], { name: 'directory-on-demand' });
    await provokeClientError(deleted, 'olga', '127.51.100.45');
    await deleted.close();
  });
  afterAll(() => kept.close());

  it("writes the kept directory's WebSocket warnings under its name, not the deleted one's", async () => {
    await provokeClientError(kept, 'oscar', '127.51.100.44');
    expect(clientErrors(kept)).toEqual([
      expect.objectContaining({
        service: 'directory-fixed',
        level: 40,
        code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
      }),
    ]);
    expect(services(kept)).toEqual(new Set(['directory-fixed']));
    // Only the deleted directory's own warning is in its log, under its own name (the control).
    expect(clientErrors(deleted)).toEqual([
      expect.objectContaining({ service: 'directory-on-demand', level: 40 }),
    ]);
    expect(services(deleted)).toEqual(new Set(['directory-on-demand']));
  });
});
