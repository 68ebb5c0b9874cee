import { CommandRunner, Option } from 'nest-commander';
import { labUrlFromEnv } from '../config/lab.config';

/** What every command of the lab's command line takes: where the lab API is, and JSON lines or a table. */
export interface LabApiOptions {
  lab?: string;
  json?: boolean;
}

/** The default --help shows: where LAB_PORT puts the lab (a bad value is reported when the command runs). */
function labUrlForHelp(): string {
  try {
    return labUrlFromEnv();
  } catch {
    return labUrlFromEnv({});
  }
}

/** A command that talks to a running lab's API: the options they all share, declared once. */
export abstract class LabApiCommand extends CommandRunner {
  @Option({
    flags: '--lab <url>',
    description: `the lab API (default ${labUrlForHelp()}, LAB_PORT moves it)`,
  })
  parseLab(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON object per line instead of a table' })
  parseJson() {
    return true;
  }
}
