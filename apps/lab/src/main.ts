import 'reflect-metadata';
import { ConfigError, RunningDirectory, startDirectory } from '@lab/directory';
import { labOptionsFromEnv } from './config/lab.config';

/**
 * `npm start`: the whole lab in one process, on loopback only. For now: the vulnerable directory
 * and the fixed one, side by side.
 */
async function main() {
  const options = labOptionsFromEnv();
  const started = Date.now();
  const running: { name: string; directory: RunningDirectory; mitigations: string[] }[] = [];
  const stop = async () => {
    await Promise.allSettled(running.map((r) => r.directory.close()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  for (const directoryOptions of options.directories) {
    const directory = await startDirectory(directoryOptions);
    running.push({ name: directoryOptions.name, directory, mitigations: directoryOptions.mitigations });
  }
  if (options.warning) console.warn(`warning: ${options.warning}`);
  const rows = running.map((r) => [
    r.name,
    r.directory.url,
    r.mitigations.length ? r.mitigations.join(',') : 'none',
  ]);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...[['part', 'url', 'mitigations'], ...rows].map((row) => row[i].length)),
  );
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  console.log(
    [
      '',
      `lastseen-lab is running (ready in ${Date.now() - started} ms, data in ${options.dataDir}/)`,
      '',
      line(['part', 'url', 'mitigations']),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `API docs: ${running[0].directory.url}/docs (vulnerable) and ${running[1].directory.url}/docs (fixed).`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(
      `${(error as Error).message}: another program (or a running lab) holds the port. Stop it, or choose other ports with LAB_VULNERABLE_PORT / LAB_FIXED_PORT.`,
    );
  } else console.error(error);
  process.exit(1);
});
