import { ConfigError } from '@lab/http-kit';
import { SandboxRefusal } from '@lab/sandbox';
import { stopQuietlyWhenTheReaderLeaves } from './stop-quietly';

/**
 * Runs a nest-commander module as the command-line tool `name`: help and version exit 0, a usage
 * error 2, anything else prints one line that says what went wrong (a sandbox refusal, a bad
 * setting, or an error, with a hint when the lab is not running) and exits 1.
 */
export async function runCli(module: unknown, name: string): Promise<void> {
  // Commander names the program after the script file (main.js); the help should say the tool's name.
  process.argv[1] = name;
  stopQuietlyWhenTheReaderLeaves(process.stdout);
  const fail = (error: Error & { code?: string }): never => {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code ?? ''))
      process.exit(0);
    if (error.code?.startsWith('commander.')) process.exit(2);
    const prefix =
      error instanceof SandboxRefusal
        ? 'refused'
        : error instanceof ConfigError
          ? 'configuration error'
          : 'error';
    // fetch() puts the socket's error code in `cause`.
    const code = error.code ?? (error as { cause?: { code?: string } }).cause?.code;
    const refused = code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message);
    const hint = refused ? ' (is the lab running? start it with npm start)' : '';
    console.error(`${name}: ${prefix}: ${error.message}${hint}`);
    process.exit(1);
  };
  // Loaded here, not with this file: the command runner brings inquirer (about a quarter of a second),
  // and the lab loads the commands' classes at every start without running any.
  const { CommandFactory } = await import('nest-commander');
  await CommandFactory.run(module as never, {
    cliName: name,
    logger: false,
    errorHandler: fail,
    serviceErrorHandler: fail,
  });
}
