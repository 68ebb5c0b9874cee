/** What `run` wrote to standard output: a command's table or JSON lines, as a user would read them. */
export async function printed(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return chunks.join('');
}
