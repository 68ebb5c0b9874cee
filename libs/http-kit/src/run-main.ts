import { ConfigError } from './config';

/**
 * Runs an app's entry point: a configuration error or a taken port becomes one clear sentence
 * and exit code 1, anything else its stack. `portHint` names the variables that move the app.
 */
export function runMain(main: () => Promise<unknown>, portHint: string): void {
  main().catch((error: unknown) => {
    const e = error as NodeJS.ErrnoException;
    if (error instanceof ConfigError) console.error(`configuration error: ${e.message}`);
    else if (e?.name === 'PlanError' || e?.name === 'DataDirLocked') console.error(e.message);
    else if (e?.code === 'EADDRINUSE') {
      console.error(
        `${e.message}: another program (or a lab still running) holds the port. Stop it, or ${portHint}.`,
      );
    } else console.error(e?.stack ?? error);
    process.exit(1);
  });
}

/** Stops cleanly on Ctrl-C or SIGTERM, once. */
export function stopOnSignals(stop: () => Promise<unknown>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
