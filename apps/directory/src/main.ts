import 'reflect-metadata';
import { runMain, stopOnSignals } from '@lab/http-kit';
import { startDirectory } from './bootstrap';
import { directoryOptionsFromEnv } from './config/directory.config';

/** A standalone directory: `DIRECTORY_VARIANT=vulnerable node dist/apps/directory/src/main.js`. */
runMain(async () => {
  const options = directoryOptionsFromEnv();
  const directory = await startDirectory(options);
  if (options.warning) directory.logger.warn(options.warning);
  directory.logger.info({ url: directory.url, mitigations: options.mitigations }, 'directory listening');
  stopOnSignals(() => directory.close());
}, 'choose another with DIRECTORY_PORT');
