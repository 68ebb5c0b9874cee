#!/usr/bin/env node
import { Output } from '@lab/cli-kit';
import { labOptionsFromEnv } from '../../config/lab.config';
import { checkWrittenMitigation } from './check';

/**
 * The "write a mitigation yourself" check on its own, without the exercises:
 *   npm run check-mitigation [-- <file>] [--json]
 * (default file workshop/scaffold/my-mitigation.ts). Exit code 0 when solved, 1 when not.
 */
async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      'usage: npm run check-mitigation [-- <file>] [--json]\n' +
        'Builds your policy (default workshop/scaffold/my-mitigation.ts), starts a directory with it and\n' +
        "attacks it with the resolver's L1 and L2 attacks (resolve, watch); solved when a stranger gets no\n" +
        'address and a contact can still look bob up, follow his presence and call him.',
    );
    return;
  }
  const output = new Output(args.includes('--json'));
  const file = args.find((arg) => !arg.startsWith('-')) ?? 'workshop/scaffold/my-mitigation.ts';
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  output.note(`checking ${file}: building it, starting a directory with it, attacking it …`);
  const result = await checkWrittenMitigation({
    scaffoldFile: file,
    dataDir: labOptionsFromEnv().dataDir,
    signal: abort.signal,
  });
  if (output.json) output.line(JSON.stringify(result));
  else {
    output.line(result.summary);
    for (const detail of result.details) output.line(`  ${detail}`);
  }
  process.exitCode = result.solved ? 0 : 1;
}

main().catch((error: Error) => {
  // A bad LAB_* setting, say: one line that names it.
  console.error(`check-mitigation: error: ${error.message}`);
  process.exitCode = 2;
});
