import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A real pipe whose reader leaves early, as `lastseen-resolver chain alice | head -1` does: the child
 * writes far more than a pipe buffer holds, and the parent destroys its end after the first chunk.
 */
function writeIntoAClosingPipe(quiet: boolean): Promise<{ code: number | null; stderr: string }> {
  const script = `
    ${quiet ? `require(${JSON.stringify(join(__dirname, 'stop-quietly.ts'))}).stopQuietlyWhenTheReaderLeaves(process.stdout);` : ''}
    const line = 'x'.repeat(1023) + '\\n';
    (function write() { while (process.stdout.write(line)); process.stdout.once('drain', write); })();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stopQuietlyWhenTheReaderLeaves', () => {
  it('exits 0 with nothing on stderr when the pipe it writes into is closed', async () => {
    expect(await writeIntoAClosingPipe(true)).toEqual({ code: 0, stderr: '' });
  }, 20_000);

  it('(positive control) without it, the same closed pipe kills the process with an EPIPE stack trace', async () => {
    const { code, stderr } = await writeIntoAClosingPipe(false);
    expect(code).not.toBe(0);
    expect(stderr).toContain('EPIPE');
  }, 20_000);
});
