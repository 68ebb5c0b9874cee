/**
 * `lastseen-resolver chain alice | head -3`: once `head` has read enough it closes the pipe, and the
 * next write fails with EPIPE. Unix tools stop quietly then; without this, Node prints a stack trace.
 */
export function stopQuietlyWhenTheReaderLeaves(stdout: NodeJS.WriteStream): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
