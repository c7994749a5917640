import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a Cosmos DB request is, as far as faults are concerned. */
export type CosmosOperation = 'create' | 'replace' | 'upsert' | 'read' | 'delete' | 'query' | 'other';

export interface FaultRates {
  /** 429 with x-ms-retry-after-ms (the SDK retries these itself). */
  throttle: number;
  /** 503 Service Unavailable. */
  unavailable: number;
  /** The connection is cut before the request reaches the server: nothing was applied. */
  dropBefore: number;
  /** The request is applied, then the connection is cut before the answer: the caller cannot know. */
  dropAfter: number;
}

export const NO_FAULTS: FaultRates = { throttle: 0, unavailable: 0, dropBefore: 0, dropAfter: 0 };

type Fault = keyof FaultRates;

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function operationOf(method: string, path: string, headers: http.IncomingHttpHeaders): CosmosOperation {
  if (!/\/docs(\/|$)/.test(path)) return 'other';
  const onItem = /\/docs\/[^/]+$/.test(path);
  if (method === 'POST' && !onItem) {
    if (headers['x-ms-documentdb-isquery'] !== undefined || headers['x-ms-cosmos-is-query-plan-request'] !== undefined) return 'query';
    return String(headers['x-ms-documentdb-is-upsert']).toLowerCase() === 'true' ? 'upsert' : 'create';
  }
  if (method === 'PUT' && onItem) return 'replace';
  if (method === 'GET') return onItem ? 'read' : 'query';
  if (method === 'DELETE' && onItem) return 'delete';
  return 'other';
}

/**
 * An HTTP proxy in front of the Cosmos-protocol server that injects faults into document
 * requests (429, 503, connections cut before or after the server applied the request), and
 * counts what it did per operation. The account's own address in its metadata is rewritten to
 * the proxy's, so the SDK's endpoint discovery keeps every request going through the proxy.
 */
export class FaultProxy {
  rates: FaultRates = NO_FAULTS;
  /** Injected faults by "operation:fault", and requests passed through by operation. */
  readonly injected = new Map<string, number>();
  readonly forwarded = new Map<CosmosOperation, number>();
  private server?: http.Server;
  private readonly upstream: URL;
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(
    upstream: string,
    private readonly random: () => number,
  ) {
    this.upstream = new URL(upstream);
  }

  get endpoint(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** No faults from now on, and the counts start again. */
  reset(): void {
    this.rates = NO_FAULTS;
    this.injected.clear();
    this.forwarded.clear();
  }

  count(operation: CosmosOperation, fault: Fault): number {
    return this.injected.get(`${operation}:${fault}`) ?? 0;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pick(operation: CosmosOperation): Fault | undefined {
    if (operation === 'other') return undefined;
    let roll = this.random();
    for (const fault of ['throttle', 'unavailable', 'dropBefore', 'dropAfter'] as const) {
      if (roll < this.rates[fault]) return fault;
      roll -= this.rates[fault];
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const operation = operationOf(method, path, req.headers);
    const fault = this.pick(operation);
    if (fault) this.injected.set(`${operation}:${fault}`, (this.injected.get(`${operation}:${fault}`) ?? 0) + 1);
    else this.forwarded.set(operation, (this.forwarded.get(operation) ?? 0) + 1);

    if (fault === 'throttle' || fault === 'unavailable') {
      const status = fault === 'throttle' ? 429 : 503;
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-ms-activity-id': `fault-${Date.now()}`,
        ...(fault === 'throttle' ? { 'x-ms-retry-after-ms': String(5 + Math.floor(this.random() * 20)) } : {}),
      });
      res.end(JSON.stringify({ code: fault === 'throttle' ? 'TooManyRequests' : 'ServiceUnavailable', message: `injected ${status}` }));
      return;
    }
    if (fault === 'dropBefore') {
      req.socket.destroy();
      return;
    }
    let answer: { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
    try {
      answer = await this.forward(method, path, req.headers, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault === 'dropAfter') {
      req.socket.destroy();
      return;
    }
    let out = answer.body;
    if (method === 'GET' && path === '/') {
      // The account's metadata names its endpoint: name the proxy instead.
      out = Buffer.from(out.toString('utf8').split(`${this.upstream.origin}/`).join(`${this.endpoint}/`).split(`https://${this.upstream.host}/`).join(`${this.endpoint}/`));
    }
    const headers = { ...answer.headers, 'content-length': String(out.length) };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, headers);
    res.end(out);
  }

  private forward(method: string, path: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstreamReq = http.request(
        { host: this.upstream.hostname, port: this.upstream.port, method, path, headers: { ...headers, host: this.upstream.host }, agent: this.agent },
        (upstreamRes) => {
          const chunks: Buffer[] = [];
          upstreamRes.on('data', (c: Buffer) => chunks.push(c));
          upstreamRes.on('end', () => resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: Buffer.concat(chunks) }));
          upstreamRes.on('error', reject);
        },
      );
      upstreamReq.on('error', reject);
      upstreamReq.end(body);
    });
  }
}
