import { Command } from './commander';
import { absenceOf, describeAbsence, resolveUser } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'resolve',
  arguments: '<username>',
  description: 'L1: look a user up and read their last-seen public address, port and LAN addresses',
})
export class ResolveCommand extends AttackCommand {
  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    const attacker = await this.attacker(options);
    try {
      const result = await resolveUser(attacker, username);
      output.record(result, `resolve ${username} via ${options.target}`);
      // Like the resolver sites: every result goes into the cache the reverse lookups answer from.
      await this.withCache(options, async (cache) => cache.record(result, options.target, 'resolve'));
      if (result.leaked) return;
      const mitigations = await attacker.directoryMitigations();
      const absence = absenceOf(result.answer, mitigations);
      output.note(
        absence
          ? describeAbsence(username, absence, mitigations)
          : 'Nothing leaked: the directory did not disclose an address.',
      );
    } finally {
      await attacker.close();
    }
  }
}
