import { randomUUID } from 'node:crypto';
import * as restify from 'restify';
import type { ActivityHandler, CloudAdapter, TurnContext } from 'botbuilder';
import type { DocumentStore } from '../services/store/documentStore';
import type { Logger } from './logger';

export const REQUEST_ID = Symbol('requestId');

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  store: DocumentStore;
  logger: Logger;
  /** Extra routes (referral webhook, jobs) added by the composition root. */
  routes?: Array<(server: restify.Server) => void>;
  /** Paths whose handlers read the request body themselves (signed webhooks verify the raw bytes). */
  rawBodyPaths?: ReadonlyArray<string>;
}

export interface RunningServer {
  server: restify.Server;
  /** Resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting requests, waits for in-flight turns, then resolves. */
  close(timeoutMs?: number): Promise<void>;
  inFlight(): number;
}

export function createServer(deps: ServerDeps): RunningServer {
  const { adapter, bot, store, logger } = deps;
  const server = restify.createServer({ name: 'cosell-bot', handleUncaughtExceptions: false });
  const parseBody = restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }) as restify.RequestHandler[];
  const rawBodyPaths = new Set(deps.rawBodyPaths ?? []);
  // Every body is parsed before the routes run, except where a route must see the exact raw bytes.
  server.use((req, res, next) => {
    if (rawBodyPaths.has(req.getPath())) return next();
    const step = (i: number) => (err?: unknown) => {
      if (err) return next(err as Error);
      const handler = parseBody[i];
      return handler ? handler(req, res, step(i + 1)) : next();
    };
    return step(0)();
  });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  server.post('/api/messages', async (req, res) => {
    const requestId = (req.header('x-request-id') as string | undefined) ?? randomUUID();
    res.header('x-request-id', requestId);
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'The body must be a Bot Framework activity (a JSON object with a "type").' });
      return;
    }
    inFlight++;
    try {
      await adapter.process(req, res, async (turn: TurnContext) => {
        turn.turnState.set(REQUEST_ID, requestId);
        await bot.run(turn);
      });
    } catch (err) {
      logger.error('turn failed outside the bot', { requestId, err });
      if (!res.headersSent) res.send(500, { error: 'Internal error', requestId });
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await store.ping();
      res.send(200, { status: 'ok', store: store.kind, storeReachable: true });
    } catch (err) {
      logger.warn('health check: store unreachable', { err });
      res.send(503, { status: 'degraded', store: store.kind, storeReachable: false });
    }
  });

  for (const addRoutes of deps.routes ?? []) addRoutes(server);

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close(timeoutMs = 10_000) {
      // close() stops accepting connections and calls back once in-flight requests have finished.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve))).then(() =>
        // Keep-alive connections left idle by finished turns would otherwise hold close() open.
        (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.(),
      );
      await Promise.race([
        Promise.all([closed, drained]),
        new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    },
    inFlight: () => inFlight,
  };
}
