import type { App } from './app';

/**
 * Stops in the order that loses nothing: stop taking requests and let turns in flight finish,
 * release proactive sends still waiting for their turn under Teams' limits (they stay queued in
 * the store), let the sweep and background work wind down, then close the store.
 */
export async function shutDown(app: App): Promise<void> {
  await app.server.close();
  app.pacer.close();
  await app.scheduler.stop();
  await app.background.drain();
  await app.store.close();
}
