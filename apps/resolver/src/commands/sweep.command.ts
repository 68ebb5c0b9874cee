import { readFileSync } from 'node:fs';
import { Command } from './commander';
import { USERNAME_PATTERN } from '@lab/protocol';
import { sweep } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'sweep',
  arguments: '<wordlist>',
  description:
    'L4: enumerate usernames from a word list (one per line): which exist, how fast, when rate limits bit',
})
export class SweepCommand extends AttackCommand {
  protected async execute([wordlist]: string[], options: CommonOptions, output: Output) {
    let text: string;
    try {
      text = readFileSync(wordlist, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the word list ${wordlist}: ${(error as Error).message}`, { cause: error });
    }
    const usernames = [...new Set(text.split(/\r?\n/).map((w) => w.trim().toLowerCase()))].filter((w) =>
      USERNAME_PATTERN.test(w),
    );
    if (!usernames.length) throw new Error(`${wordlist} holds no valid username (one per line)`);
    const attacker = await this.attacker(options);
    try {
      const progress = output.progressBar(
        usernames.length,
        'sweeping {bar} {value}/{total} usernames · {found} found · ETA {eta_formatted}',
        { found: 0 },
      );
      const result = await sweep(attacker, usernames, (done, _total, found) =>
        progress.update(done, { found }),
      ).finally(() => progress.stop());
      output.record(
        { wordlist, ...result, existing: result.existing },
        `sweep of ${usernames.length} usernames`,
      );
      if (result.rateLimitedAt) output.note(`Rate limits bit at lookup ${result.rateLimitedAt}.`);
    } finally {
      await attacker.close();
    }
  }
}
