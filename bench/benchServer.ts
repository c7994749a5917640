/**
 * Shared pieces of the benchmarks: a fast local connector (what Teams' serviceUrl points at), the
 * bare echo bot that is our baseline, our own bot on a fresh SQLite file, and a load runner.
 */
import autocannon from 'autocannon';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as restify from 'restify';
import { createApp, type App } from '../bot/app';
import { loadConfig } from '../bot/config';
import { silentLogger } from '../bot/logger';
import { openStore } from '../bot/storeFactory';
import { systemClock } from '../services/clock';

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Answers every Bot Connector call at once with 200, counting them. */
export async function startConnector(): Promise<Running & { count: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${count}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, count: () => count, close: () => new Promise((r) => server.close(() => r())) };
}

/** The baseline: the same restify + CloudAdapter stack with a bot that only echoes. */
export async function startEchoBot(): Promise<Running> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (turn, next) => {
    await turn.sendActivity(`echo: ${turn.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (turn) => bot.run(turn));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Our bot, as `npm start` runs it, on a fresh SQLite file. */
export async function startCosellBot(): Promise<Running & { app: App }> {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-'));
  const config = loadConfig({ SQLITE_PATH: join(dir, 'bench.db'), PORT: '0' });
  const store = await openStore(config.store);
  const app = createApp(config, store, silentLogger, systemClock);
  const port = await app.server.listen(0, '127.0.0.1');
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.server.close();
      await store.close();
    },
  };
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Drives POST /api/messages with `bodies` (cycled) at the given concurrency for `seconds`. */
export async function load(url: string, bodies: ReadonlyArray<object>, connections: number, seconds: number): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: JSON.stringify(bodies[i++ % bodies.length]) }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits).padStart(9);
}
