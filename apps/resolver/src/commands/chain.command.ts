import { Command } from './commander';
import type { Output } from '@lab/cli-kit';
import { chain } from '../attacks';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'chain',
  arguments: '<username>',
  description:
    "the last hop: username → address (directory) → ISP (RDAP) → the ISP's support desk, pretexted → a household",
})
export class ChainCommand extends AttackCommand {
  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    const attacker = await this.attacker(options);
    try {
      const result = await this.withCache(options, (cache) =>
        chain(attacker, options.registry, username, cache, options.target),
      );
      if (options.json) {
        result.hops.forEach((hop) => output.line(JSON.stringify({ username, ...hop })));
        output.line(JSON.stringify({ username, household: result.household, stoppedBy: result.stoppedBy }));
        return;
      }
      output.line(`chain ${username} via ${options.target} and ${options.registry}`);
      output.rows(['hop', 'from', 'to', 'how', 'stoppedBy'], result.hops);
      output.line('');
      if (result.hops.some((h) => h.hop === 'cache'))
        output.line(
          'The directory gave nothing, but the cache held an address an earlier command resolved: what leaked once stays leaked.',
        );
      if (result.household)
        output.line(
          `Front door: ${result.household.subscriber}, ${result.household.street}, ${result.household.town} (fictional: the lab's address plan).`,
        );
      else
        output.line(
          `Stopped${result.stoppedBy.length ? ` by ${result.stoppedBy.join('; then ')}` : ''}: no household reached.`,
        );
    } finally {
      await attacker.close();
    }
  }
}
