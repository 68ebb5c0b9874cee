import { Command } from './commander';
import { resolveFromDebugLog } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'debug-log',
  arguments: '<username>',
  description:
    "the 2012 route: open a profile with the ordinary client's debug log on, and grep the addresses out",
})
export class DebugLogCommand extends AttackCommand {
  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    const { logLines, ...result } = await resolveFromDebugLog(
      {
        target: options.target,
        username: options.user,
        password: options.password,
        sourceAddress: options.source,
      },
      username,
    );
    if (!options.json) {
      output.line('client debug log:');
      for (const line of logLines.length ? logLines : ['(nothing logged)']) output.line(`  ${line}`);
      output.line('');
    }
    output.record(result, `what the log gave away about ${username}`);
  }
}
