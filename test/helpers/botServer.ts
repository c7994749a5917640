import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { silentLogger } from '../../bot/logger';
import { systemClock, type Clock } from '../../services/clock';
import { openStore } from '../../bot/storeFactory';
import { shutDown } from '../../bot/shutdown';

export interface StartedBot {
  app: App;
  url: string;
  dbPath: string;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /** Extra environment variables (e.g. REFERRAL_WEBHOOK_SECRET). */
  env?: Record<string, string>;
  clock?: Clock;
}

/** Starts the real server, in local mode on SQLite, on a free loopback port. */
export async function startBot(dbPath?: string, options: StartBotOptions = {}): Promise<StartedBot> {
  const dir = dbPath ? undefined : mkdtempSync(join(tmpdir(), 'cosell-bot-'));
  const path = dbPath ?? join(dir!, 'cosell.db');
  const config = loadConfig({ ...options.env, SQLITE_PATH: path, PORT: '0' });
  const store = await openStore(config.store);
  const app = createApp(config, store, silentLogger, options.clock ?? systemClock);
  const port = await app.server.listen(0, '127.0.0.1');
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dbPath: path,
    async stop() {
      await shutDown(app);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postActivity(url: string, activity: object): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
}
