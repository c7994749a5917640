import { ConfigError, loadConfig } from './config';
import { createApp } from './app';
import { shutDown } from './shutdown';
import { createLogger } from './logger';
import { systemClock } from '../services/clock';
import { openStore } from './storeFactory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.store);
  const app = createApp(config, store, logger, systemClock);
  const port = await app.server.listen(config.port, config.host);
  app.scheduler.start();
  logger.info('Co-sell Bot listening', {
    url: `http://${config.host}:${port}/api/messages`,
    mode: config.mode,
    store: store.kind,
    sweepIntervalSeconds: config.sweepIntervalSeconds,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, inFlight: app.server.inFlight() });
    await shutDown(app);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Co-sell Bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
