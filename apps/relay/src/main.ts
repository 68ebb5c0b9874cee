import 'reflect-metadata';
import { runMain, stopOnSignals } from '@lab/http-kit';
import { startRelay } from './bootstrap';
import { relayOptionsFromEnv } from './config/relay.config';

/** A standalone relay: `RELAY_SECRET=… node dist/apps/relay/src/main.js` (HTTP 7004, media 7005). */
runMain(async () => {
  const options = relayOptionsFromEnv();
  const relay = await startRelay(options);
  if (options.warning) relay.logger.warn(options.warning);
  relay.logger.info({ url: relay.url, media: `${relay.relayAddress}:${relay.relayPort}` }, 'relay listening');
  stopOnSignals(() => relay.close());
}, 'choose others with RELAY_PORT and RELAY_MEDIA_PORT');
