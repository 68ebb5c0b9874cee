import { Command, Option } from './commander';
import { ClockState, labMinutesFromSegments } from '@lab/protocol';
import { checkBanner } from '@lab/sandbox';
import { enrich, trackUser } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

/** "1d", "6h", "90m" in lab time → lab minutes. */
export function parseLabDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(d|h|m)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a lab duration such as 1d, 6h or 90m`);
  return Number(match[1]) * { d: 1440, h: 60, m: 1 }[match[2] as 'd' | 'h' | 'm'];
}

const clock = (minutes: number) => {
  const day = Math.floor(minutes / 1440) + 1;
  const m = Math.floor(minutes) % 1440;
  return `day ${day} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

@Command({
  name: 'track',
  arguments: '<username>',
  description: 'combine the channels over a lab duration into a movement timeline, and guess home and work',
})
export class TrackCommand extends AttackCommand {
  private labMinutes = 24 * 60;

  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    await checkBanner(new URL(options.lab), 'lab'); // the sandbox guard, before asking it anything
    // The lab's clock history turns real times into lab times, even if someone pauses, speeds up
    // or jumps the clock while we track; it is read again before the timeline is built.
    const readClock = async () => (await (await fetch(`${options.lab}/clock`)).json()) as ClockState;
    let clockState = await readClock();
    if (clockState.paused) {
      throw new Error('the lab clock is paused: resume it first (npm run lab -- clock resume)');
    }
    const toLab = (realMs: number) => labMinutesFromSegments(clockState.segments, realMs);
    const durationMs = (this.labMinutes * 60_000) / clockState.speed;
    const attacker = await this.attacker(options);
    output.note(
      `tracking ${username} for ${this.labMinutes} lab minutes (${Math.round(durationMs / 1000)} s real)…`,
    );
    let sightings = 0;
    let last = '';
    const fields = () => ({ labTime: clock(toLab(Date.now())), sightings, last });
    // Real seconds elapsed of the real duration: the ETA is then the real time left.
    const started = Date.now();
    const elapsed = () => Math.min((Date.now() - started) / 1000, durationMs / 1000);
    const progress = output.progressBar(
      Math.max(1, Math.round(durationMs / 1000)),
      `tracking ${username} {bar} {labTime} · {sightings} sightings {last}· ETA {eta_formatted}`,
      fields(),
    );
    const ticker = setInterval(() => progress.update(elapsed(), fields()), 500);
    try {
      const timeline = await trackUser(attacker, username, {
        durationMs,
        labMinutes: toLab,
        syncClock: async () => {
          clockState = await readClock();
        },
        enrich: (address) => enrich(options.registry, address),
        onSighting: (s, channel) => {
          sightings++;
          last = `· last ${s.online ? s.publicAddress : 'offline'} via ${channel} `;
          progress.update(elapsed(), fields());
        },
      });
      clearInterval(ticker);
      progress.stop();
      if (options.json) return output.line(JSON.stringify(timeline));
      output.line(`timeline of ${username} (channel: ${timeline.channel}, ${timeline.sightings} sightings)`);
      output.rows(
        ['from', 'to', 'publicAddress', 'isp', 'city', 'labMinutes'],
        timeline.stays.map((s) => ({ ...s, from: clock(s.fromLab), to: clock(s.toLab) })),
      );
      output.line('');
      // One row per guess: the guesses are objects, which a field/value table would print as JSON.
      output.line('guesses');
      output.rows(
        ['guess', 'publicAddress', 'isp', 'city'],
        (['home', 'work'] as const).map((guess) => ({
          guess,
          ...(timeline[guess] ?? { publicAddress: '—' }),
        })),
      );
    } finally {
      clearInterval(ticker);
      progress.stop();
      await attacker.close();
    }
  }

  @Option({
    flags: '--for <lab-duration>',
    description: 'how long to track, in lab time: 1d, 6h, 90m (default 1d)',
  })
  parseFor(value: string) {
    this.labMinutes = parseLabDuration(value);
    return this.labMinutes;
  }
}
