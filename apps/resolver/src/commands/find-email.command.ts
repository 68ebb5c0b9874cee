import { Command } from './commander';
import type { Output } from '@lab/cli-kit';
import { findByEmail } from '../attacks';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'find-email',
  arguments: '<email>',
  description: "email2skype: the directory's search by e-mail, from an address to a username",
})
export class FindEmailCommand extends AttackCommand {
  protected async execute([email]: string[], options: CommonOptions, output: Output) {
    const attacker = await this.attacker(options);
    try {
      const finding = await findByEmail(attacker, email);
      output.record(finding, `find-email ${email} via ${options.target}`);
      if (finding.found) {
        await this.withCache(options, async (cache) =>
          cache.recordEmail(email, finding.username!, options.target),
        );
        output.note(`Next: npm run resolver -- chain ${finding.username}`);
        return;
      }
      const mitigations = await attacker.directoryMitigations();
      output.note(
        finding.answer === 'rate_limited'
          ? 'Rate-limited (M5): a list of e-mail addresses is swept as slowly as a list of names.'
          : mitigations.includes('M2')
            ? 'This directory (M2) finds strangers only if they chose to be found by e-mail, and answers the rest as no match: it does not tell whether the address has an account.'
            : `No account has ${email} on this directory.`,
      );
    } finally {
      await attacker.close();
    }
  }
}
