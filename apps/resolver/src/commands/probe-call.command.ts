import { Command, Option } from './commander';
import { PROBE_CALL_WAIT_MS, absenceOf, describeAbsence, probeCall } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'probe-call',
  arguments: '<username>',
  description:
    "L3: the inconspicuous call — invite, collect the callee's candidates, hang up before the ring",
})
export class ProbeCallCommand extends AttackCommand {
  private waitMs = PROBE_CALL_WAIT_MS;

  protected async execute([username]: string[], options: CommonOptions, output: Output) {
    const attacker = await this.attacker(options);
    try {
      const { candidates, ...result } = await probeCall(attacker, username, this.waitMs);
      output.record(
        { ...result, candidates: candidates.map((c) => `${c.type} ${c.address}:${c.port}`) },
        `probe-call ${username}`,
      );
      await this.withCache(options, async (cache) => cache.record(result, options.target, 'probe-call'));
      const placed = !/^[a-z_]+$/.test(result.answer); // a bare code: the directory refused the call
      const mitigations = placed ? [] : await attacker.directoryMitigations();
      const absence = placed ? null : absenceOf(result.answer, mitigations);
      if (absence) output.note(describeAbsence(username, absence, mitigations));
      if (result.answer === 'callee_offline')
        output.note(
          `${username} is not online now: the lab's personas keep to their routines on the lab clock ` +
            '(GET /status on the lab API shows who is online; npm run lab -- clock jump HH:MM moves the clock).',
        );
      output.note(
        !placed
          ? `No call was placed: the directory answered ${result.answer}.`
          : result.ringShown
            ? 'The ring reached the victim before the hang-up: they may have noticed.'
            : 'Hung up before the ring: the victim saw nothing.',
      );
    } finally {
      await attacker.close();
    }
  }

  @Option({
    flags: '--wait <ms>',
    description: `the longest wait for candidates or the ring before hanging up (default ${PROBE_CALL_WAIT_MS})`,
  })
  parseWait(value: string) {
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 50 || ms > 10_000)
      throw new Error('--wait takes 50–10000 milliseconds');
    this.waitMs = ms;
    return ms;
  }
}
