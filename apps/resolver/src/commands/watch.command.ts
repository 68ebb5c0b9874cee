import { Command, Option } from './commander';
import { NoSuchUser, WatchRefused, absenceOf, describeAbsence, watchUser } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'watch',
  arguments: '<username>',
  description: "L2: follow a user's presence live; every change shows where they are now",
})
export class WatchCommand extends AttackCommand {
  private seconds = 0;

  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    const attacker = await this.attacker(options);
    try {
      // A live stream cannot be measured for a table first: fixed widths that fit the lab's values.
      const widths = [24, 12, 6, 15, 5, 0];
      const row = (cells: string[]) =>
        cells
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd();
      // The header waits for the directory to accept the subscription (or send a first change):
      // a refusal should not come under an empty table.
      let header = options.json;
      const printHeader = () => {
        if (header) return;
        header = true;
        output.note(
          `watching ${username} on ${options.target}${this.seconds ? ` for ${this.seconds} s` : ''} (Ctrl-C stops)`,
        );
        output.line(row(['at', 'username', 'online', 'publicAddress', 'port', 'localAddresses']));
        output.line(row(widths.map((w) => '-'.repeat(w || 14))));
      };
      const watch = await watchUser(attacker, username, (s) => {
        if (options.json) return output.line(JSON.stringify(s));
        printHeader();
        output.line(
          row([
            s.at,
            s.username,
            String(s.online),
            s.publicAddress ?? '—',
            String(s.port ?? '—'),
            s.localAddresses.join(',') || '—',
          ]),
        );
      });
      printHeader();
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        if (this.seconds) setTimeout(resolve, this.seconds * 1000).unref();
      });
      watch.stop();
    } catch (error) {
      if (!(error instanceof WatchRefused)) throw error;
      const mitigations = await attacker.directoryMitigations();
      const absence = absenceOf(error.code, mitigations);
      if (absence === 'no such user') throw new NoSuchUser(username, options.target);
      output.record(
        { username, leaked: false, refused: error.code, message: error.message },
        `watch ${username}`,
      );
      if (absence) output.note(describeAbsence(username, absence, mitigations));
    } finally {
      await attacker.close();
    }
  }

  @Option({
    flags: '--for <seconds>',
    description: 'stop after this many real seconds (default: until Ctrl-C)',
  })
  parseFor(value: string) {
    this.seconds = Number(value);
    if (!(this.seconds > 0)) throw new Error('--for takes a number of seconds');
    return this.seconds;
  }
}
