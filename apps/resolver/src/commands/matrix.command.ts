import { Command, Option } from './commander';
import { checkBanner } from '@lab/sandbox';
import { ATTACKS, CONFIGURATIONS, EXPECTED_MATRIX } from '../matrix/expected-matrix';
import { DESKS, EXPECTED_DESK_MATRIX, PRETEXTS, runDeskMatrix } from '../matrix/desk-matrix';
import { Cell, DirectoryFactory, runMatrix } from '../matrix/matrix';
import { EXPECTED_PROFILES, PROFILE_ATTACKS, ProfileOutcome } from '../matrix/expected-profiles';
import { ProfileCell, ProfileDirectoryFactory, attacksFor, runProfileMatrix } from '../matrix/profile-matrix';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

/** Starts and stops directories through the running lab's API (`npm start`). */
function labDirectories(lab: string): DirectoryFactory {
  return (mitigations) => labDirectory(lab, { mitigations });
}

/** The same, for protocol profiles. */
function labProfileDirectories(lab: string): ProfileDirectoryFactory {
  return (profile) => labDirectory(lab, { profile });
}

async function labDirectory(lab: string, choice: { mitigations: string[] } | { profile: string }) {
  const response = await fetch(`${lab}/directories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...choice, population: false }),
  });
  const body = (await response.json()) as { id: string; url: string; message?: string };
  if (response.status !== 201) throw new Error(`the lab refused to start a directory: ${body.message}`);
  return {
    url: body.url,
    close: async () => void (await fetch(`${lab}/directories/${body.id}`, { method: 'DELETE' })),
  };
}

@Command({
  name: 'matrix',
  description:
    'run every attack against the vulnerable directory, each mitigation alone and the fixed one: the defence matrix; with --profiles, against every protocol profile',
})
export class MatrixCommand extends AttackCommand {
  private profiles = false;

  @Option({
    flags: '--profiles',
    description: 'against every protocol profile instead, as a stranger and as a contact (docs/profiles.md)',
  })
  parseProfiles() {
    this.profiles = true;
    return true;
  }

  /** One profile's row only: a workshop measures the profile it predicted, in seconds. */
  private onlyProfile?: string;

  @Option({
    flags: '--profile <name>',
    description: 'against this one protocol profile only (implies --profiles), e.g. xmpp',
  })
  parseProfile(name: string) {
    if (!(name in EXPECTED_PROFILES))
      throw new Error(`"${name}" is not a profile; use one of ${Object.keys(EXPECTED_PROFILES).join(', ')}`);
    this.profiles = true;
    this.onlyProfile = name;
    return name;
  }

  protected async execute(_params: string[], options: CommonOptions, output: Output) {
    await checkBanner(new URL(options.lab), 'lab');
    if (this.profiles) return this.executeProfiles(options, output);
    const status = (await (await fetch(`${options.lab}/status`)).json()) as {
      implementedMitigations?: string[];
      isps?: { vulnerable: string; fixed: string } | null;
    };
    const all = status.implementedMitigations ?? CONFIGURATIONS.filter((c) => /^M\d$/.test(c));
    let done = 0;
    const progress = output.progressBar(
      CONFIGURATIONS.length * ATTACKS.length,
      'measuring {bar} {value}/{total} cells · {cell} · ETA {eta_formatted}',
      { cell: 'starting the vulnerable directory' },
    );
    const cells = await runMatrix(labDirectories(options.lab), all, (cell: Cell) => {
      done++;
      if (options.json)
        output.line(JSON.stringify({ ...cell, expected: EXPECTED_MATRIX[cell.attack][cell.configuration] }));
      progress.update(done, { cell: `${cell.attack} against ${cell.configuration}: ${cell.outcome}` });
    }).finally(() => progress.stop());
    if (options.json) return;
    const at = (attack: string, configuration: string) =>
      cells.find((c) => c.attack === attack && c.configuration === configuration);
    output.table(
      ['attack', ...CONFIGURATIONS],
      ATTACKS.map((attack) => [attack, ...CONFIGURATIONS.map((c) => at(attack, c)?.outcome ?? '?')]),
    );
    const surprises = cells.filter((c) => EXPECTED_MATRIX[c.attack][c.configuration] !== c.outcome);
    output.line('');
    output.line(
      surprises.length
        ? `${surprises.length} cell(s) differ from docs/defence-matrix.md:`
        : 'Every cell matches docs/defence-matrix.md.',
    );
    for (const s of surprises) output.line(`  ${s.attack} × ${s.configuration}: ${s.outcome} (${s.detail})`);
    await this.deskMatrix(status.isps ?? null, options, output);
  }

  /** The last hop: every pretext against the lab's vulnerable and fixed support desks. */
  private async deskMatrix(
    isps: { vulnerable: string; fixed: string } | null,
    options: CommonOptions,
    output: Output,
  ) {
    if (!isps) {
      output.note('This lab reports no ISP support desks: the last hop is not measured.');
      return;
    }
    const cells = await runDeskMatrix(isps, (cell) => {
      if (options.json)
        output.line(JSON.stringify({ ...cell, expected: EXPECTED_DESK_MATRIX[cell.pretext][cell.desk] }));
    });
    if (options.json) return;
    output.line('');
    output.table(
      ['pretext', ...DESKS.map((d) => `${d} desk`)],
      PRETEXTS.map((p) => [
        p,
        ...DESKS.map((d) => cells.find((c) => c.pretext === p && c.desk === d)?.outcome ?? '?'),
      ]),
    );
    const surprises = cells.filter((c) => EXPECTED_DESK_MATRIX[c.pretext][c.desk] !== c.outcome);
    output.line(
      surprises.length
        ? `${surprises.length} support-desk cell(s) differ from docs/defence-matrix.md.`
        : 'Every support-desk cell matches docs/defence-matrix.md.',
    );
  }

  /** `matrix --profiles`: every attack against every profile, as a stranger and as a contact. */
  private async executeProfiles(options: CommonOptions, output: Output) {
    const profiles = this.onlyProfile ? [this.onlyProfile] : Object.keys(EXPECTED_PROFILES);
    const perProfile = attacksFor('stranger').length + attacksFor('contact').length;
    let done = 0;
    const progress = output.progressBar(
      profiles.length * perProfile,
      'measuring {bar} {value}/{total} cells · {cell} · ETA {eta_formatted}',
      { cell: `starting ${profiles[0]}` },
    );
    const cells = await runProfileMatrix(labProfileDirectories(options.lab), profiles, (cell) => {
      done++;
      if (options.json) output.line(JSON.stringify({ ...cell, expected: expectedOf(cell) }));
      progress.update(done, {
        cell: `${cell.attack} against ${cell.profile} as a ${cell.viewpoint}: ${cell.outcome}`,
      });
    }).finally(() => progress.stop());
    if (options.json) return;
    const at = (profile: string, attack: string, viewpoint: string) =>
      cells.find((c) => c.profile === profile && c.attack === attack && c.viewpoint === viewpoint)?.outcome;
    output.table(
      ['profile', ...PROFILE_ATTACKS],
      profiles.map((profile) => [
        profile,
        ...PROFILE_ATTACKS.map((attack) => {
          const stranger = at(profile, attack, 'stranger') ?? '?';
          const contact = at(profile, attack, 'contact');
          return contact && contact !== stranger ? `${stranger} (contact: ${contact})` : stranger;
        }),
      ]),
    );
    const surprises = cells.filter((c) => expectedOf(c) !== c.outcome);
    output.line('');
    output.line(
      surprises.length
        ? `${surprises.length} cell(s) differ from docs/profiles.md:`
        : 'Every cell matches docs/profiles.md.',
    );
    for (const s of surprises)
      output.line(`  ${s.attack} × ${s.profile} as a ${s.viewpoint}: ${s.outcome} (${s.detail})`);
  }
}

const expectedOf = (cell: ProfileCell): ProfileOutcome | undefined =>
  EXPECTED_PROFILES[cell.profile]?.[cell.attack][cell.viewpoint];
