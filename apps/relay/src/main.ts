import 'reflect-metadata';
import { startRelay } from './bootstrap';
import { ConfigError, relayOptionsFromEnv } from './config/relay.config';

/** A standalone relay: `RELAY_SECRET=… node dist/apps/relay/src/main.js` (HTTP 7004, media 7005). */
async function main() {
  const options = relayOptionsFromEnv();
  const relay = await startRelay(options);
  if (options.warning) relay.logger.warn(options.warning);
  relay.logger.info({ url: relay.url, media: `${relay.relayAddress}:${relay.relayPort}` }, 'relay listening');
  const stop = () => void relay.close().then(() => process.exit(0));
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
