/**
 * A Bot Connector stand-in (what Teams' serviceUrl points at) that ENFORCES Teams' proactive-send
 * limits, per conversation and per tenant, over sliding windows of real time: a post that would go
 * over any window is refused with 429 and a Retry-After saying when it would fit (fractional
 * seconds when the bench scales time down). Refused posts do not count towards the windows.
 * It identifies each reminder by (conversation, referral id) and counts repeats.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimits, RateWindow } from '../services/notifications/rateLimiter';

class WindowLog {
  private readonly times = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: ReadonlyArray<RateWindow>) {
    this.longest = Math.max(...windows.map((w) => w.perMs));
  }

  /** Milliseconds until one more send under `key` fits every window (0: it fits now). */
  wait(key: string, now: number): number {
    const log = this.times.get(key) ?? [];
    let wait = 0;
    for (const w of this.windows) {
      const inside = log.filter((t) => t > now - w.perMs);
      if (inside.length >= w.limit) wait = Math.max(wait, inside[inside.length - w.limit]! + w.perMs - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    const log = (this.times.get(key) ?? []).filter((t) => t > now - this.longest);
    log.push(now);
    this.times.set(key, log);
  }
}

export interface ConnectorCounts {
  /** Posts accepted (2xx). */
  accepted: number;
  /** Posts refused with 429. */
  throttled: number;
  /** Distinct (conversation, referral) reminders accepted. */
  unique: number;
  /** Accepted posts of a reminder already accepted once. */
  duplicates: number;
  /** performance.now() of the first and last accepted post. */
  firstAt?: number;
  lastAt?: number;
}

export class RateLimitedConnector {
  readonly counts: ConnectorCounts = { accepted: 0, throttled: 0, unique: 0, duplicates: 0 };
  private readonly seen = new Map<string, number>();
  private readonly conversations: WindowLog;
  private readonly tenants: WindowLog;
  private server?: http.Server;
  private nextId = 1;

  /** `keyOf` names the notification an accepted post carries (undefined: not one we count). */
  constructor(
    limits: RateLimits,
    private readonly keyOf: (conversationId: string, body: string) => string | undefined,
  ) {
    this.conversations = new WindowLog(limits.perConversation);
    this.tenants = new WindowLog(limits.perTenant);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req.method ?? 'GET', req.url ?? '', Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  private answer(method: string, url: string, text: string, res: http.ServerResponse): void {
    const path = url.split('?')[0] ?? '';
    const match = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(path);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    let tenantId = 'unknown';
    try {
      const body = JSON.parse(text) as { conversation?: { tenantId?: string }; channelData?: { tenant?: { id?: string } } };
      tenantId = body.conversation?.tenantId ?? body.channelData?.tenant?.id ?? tenantId;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const now = performance.now();
    const wait = Math.max(this.conversations.wait(conversationId, now), this.tenants.wait(tenantId, now));
    if (wait > 0) {
      this.counts.throttled++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': (wait / 1000).toFixed(3) });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'rate limit exceeded' } }));
      return;
    }
    this.conversations.record(conversationId, now);
    this.tenants.record(tenantId, now);
    this.counts.accepted++;
    this.counts.firstAt ??= now;
    this.counts.lastAt = now;
    const key = method === 'POST' ? this.keyOf(conversationId, text) : undefined;
    if (key !== undefined) {
      const before = this.seen.get(key) ?? 0;
      this.seen.set(key, before + 1);
      if (before === 0) this.counts.unique++;
      else this.counts.duplicates++;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: method === 'PUT' ? decodeURIComponent(match[2]!.slice(1)) : `act-${this.nextId++}` }));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/**
 * The least time `count` sends under one key can take under `windows` (each send instantaneous):
 * with at most L per T, send k (0-based) cannot go before floor(k / L) · T.
 */
export function minimumSpanMs(count: number, windows: ReadonlyArray<RateWindow>): number {
  if (count <= 0) return 0;
  return Math.max(...windows.map((w) => Math.floor((count - 1) / w.limit) * w.perMs));
}
