import { Command, Option } from './commander';
import { ClockState, describeLabMinutes, labMinutesFromSegments } from '@lab/protocol';
import { checkBanner } from '@lab/sandbox';
import { NoSuchUser, Sighting, WatchRefused, absenceOf, describeAbsence, watchUser } from '../attacks';
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
    const clock = await followLabClock(options.lab);
    try {
      // A live stream cannot be measured for a table first: fixed widths that fit the lab's values.
      const widths = [13, 8, 12, 6, 15, 5, 0];
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
        output.line(
          row(['lab time', 'UTC', 'username', 'online', 'publicAddress', 'port', 'localAddresses']),
        );
        output.line(row(widths.map((w) => '-'.repeat(w || 14))));
      };
      // Rows are printed in the order they came, each once its lab time is known.
      let printing = Promise.resolve();
      const print = async (s: Sighting) => {
        const labTime = await clock.labTime(s.at);
        if (options.json) return output.line(JSON.stringify({ ...s, labTime }));
        printHeader();
        output.line(
          row([
            labTime ?? '—',
            s.at.slice(11, 19),
            s.username,
            String(s.online),
            s.publicAddress ?? '—',
            String(s.port ?? '—'),
            s.localAddresses.join(',') || '—',
          ]),
        );
      };
      const watch = await watchUser(attacker, username, (s) => {
        printing = printing.then(() => print(s));
      });
      printHeader();
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        if (this.seconds) setTimeout(resolve, this.seconds * 1000).unref();
      });
      watch.stop();
      await printing;
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

/**
 * Lab time for the directory's real timestamps, from the lab's clock history. A history read at
 * some real time covers every moment before it, so it is read again only for a sighting newer than
 * the last read: a pause, a jump or a new speed shows in the very next row. Where no lab answers
 * (a directory watched on its own), rows show the real time only.
 */
async function followLabClock(lab: string) {
  let state: ClockState | null = null;
  let readAt = 0;
  const read = async () => {
    const startedAt = Date.now();
    try {
      await checkBanner(new URL(lab), 'lab'); // the sandbox guard, before asking it anything
      const response = await fetch(new URL('/clock', lab), { signal: AbortSignal.timeout(2000) });
      if (!response.ok) return;
      state = (await response.json()) as ClockState;
      readAt = startedAt;
    } catch {
      // No lab here: keep what was read before, if anything.
    }
  };
  await read();
  return {
    async labTime(at: string): Promise<string | null> {
      const realMs = Date.parse(at);
      if (state && realMs >= readAt) await read();
      if (!state?.segments?.length) return null;
      // Older than the clock's history (last seen before this lab run started, kept in its data):
      // no lab time to give.
      if (realMs < state.segments[0].fromRealMs) return 'before start';
      return describeLabMinutes(labMinutesFromSegments(state.segments, realMs));
    },
  };
}
