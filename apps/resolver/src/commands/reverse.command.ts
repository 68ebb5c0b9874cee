import { isIPv4 } from 'node:net';
import { Command, Option } from './commander';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'reverse',
  arguments: '<address>',
  description:
    "ip2skype: who was seen at an address, from the attacker's own cache of what earlier commands resolved",
})
export class ReverseCommand extends AttackCommand {
  private at?: string;

  protected async execute([address]: string[], options: CommonOptions, output: Output) {
    if (!isIPv4(address)) throw new Error(`"${address}" is not an IPv4 address (such as 198.51.100.10)`);
    const rows = await this.withCache(options, async (cache) => cache.reverse(address, this.at));
    output.rows(['username', 'publicAddress', 'seenAt', 'via', 'directory'], rows);
    if (rows.length === 0)
      output.note(
        `Nobody at ${address}${this.at ? ` at ${this.at}` : ''} in the cache (${options.cache}). ` +
          'The cache holds only what a directory gave away: resolve, probe-call or chain someone first.',
      );
    else
      output.note(
        `From the cache (${options.cache}), not from the directory: no mitigation switched on later takes it back.`,
      );
  }

  @Option({
    flags: '--at <time>',
    description: 'only who was there at that moment (ISO 8601, e.g. 2026-05-04T08:15:00Z)',
  })
  parseAt(value: string) {
    if (Number.isNaN(Date.parse(value)))
      throw new Error(`--at takes a time such as 2026-05-04T08:15:00Z, not "${value}"`);
    this.at = new Date(value).toISOString();
    return this.at;
  }
}
