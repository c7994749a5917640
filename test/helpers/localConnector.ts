import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  method: string;
  path: string;
  conversationId: string;
  body: Record<string, unknown>;
}

/**
 * A small stand-in for the Bot Connector service (what Teams' serviceUrl points at): it records
 * every activity the bot sends and answers like the real service does.
 */
export class LocalConnector {
  readonly received: ReceivedActivity[] = [];
  private server?: http.Server;
  private waiters: Array<{ predicate: (a: ReceivedActivity) => boolean; resolve: (a: ReceivedActivity) => void }> = [];
  private nextId = 1;
  /** Milliseconds to wait before answering each request (a slow Teams service). */
  delayMs = 0;
  /** Optional override: return a status to answer with instead of success (e.g. 429, 403). */
  respond?: (req: { method: string; path: string; body: Record<string, unknown> }) => { status: number; headers?: Record<string, string> } | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('connector not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => setTimeout(() => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        const path = (req.url ?? '').split('?')[0] ?? '';
        const method = req.method ?? 'GET';
        const override = this.respond?.({ method, path, body });
        if (override) {
          res.writeHead(override.status, { 'content-type': 'application/json', ...override.headers });
          res.end(JSON.stringify({ error: { code: 'Override', message: 'test override' } }));
          return;
        }
        const match = /\/v3\/conversations\/([^/]+)(\/activities)?/.exec(path);
        const conversationId = decodeURIComponent(match?.[1] ?? '');
        if (method === 'POST' && path === '/v3/conversations') {
          const id = `conv-${this.nextId++}`;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id, activityId: `act-${this.nextId++}` }));
          return;
        }
        const entry: ReceivedActivity = { method, path, conversationId, body };
        this.received.push(entry);
        this.waiters = this.waiters.filter((w) => {
          if (!w.predicate(entry)) return true;
          w.resolve(entry);
          return false;
        });
        const id = method === 'PUT' ? decodeURIComponent(path.split('/').pop() ?? '') : `act-${this.nextId++}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      }, this.delayMs));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** Resolves with the first activity (already received or arriving within the timeout) that matches. */
  waitFor(predicate: (a: ReceivedActivity) => boolean, timeoutMs = 10_000): Promise<ReceivedActivity> {
    const already = this.received.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for an activity at the connector')), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
