import 'reflect-metadata';
import { startDirectory } from './bootstrap';
import { ConfigError, directoryOptionsFromEnv } from './config/directory.config';

/** A standalone directory: `DIRECTORY_VARIANT=fixed node dist/apps/directory/src/main.js`. */
async function main() {
  const options = directoryOptionsFromEnv();
  const directory = await startDirectory(options);
  if (options.warning) directory.logger.warn(options.warning);
  directory.logger.info({ url: directory.url, mitigations: options.mitigations }, 'directory listening');
  const stop = () => void directory.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration error: ${error.message}`
      : String((error as Error)?.stack ?? error);
  console.error(message);
  process.exit(1);
});
