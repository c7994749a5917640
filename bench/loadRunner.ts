/**
 * Drives an endpoint with autocannon and reports turns/s and latency. Bodies are chosen per
 * connection, so that one conversation is never in two requests at once (a conversation's turns
 * are sequential in Teams too) and multi-turn scenarios can alternate.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load';

type Client = { reqsMade: number; setBody(body: string): void; on(event: 'request', listener: () => void): void };

function bodiesFor(spec: LoadSpec): { next(): () => string; overrun(): number } {
  const { plan } = spec;
  if (plan.kind === 'pool') {
    // Every body once, in order, whichever connection is free: a pool of one-shot requests.
    let cursor = 0;
    return {
      next: () => () => plan.bodies[cursor++ % plan.bodies.length]!,
      overrun: () => Math.max(0, cursor - plan.bodies.length),
    };
  }
  let connection = 0;
  return {
    next: () => {
      const sequence = plan.sequences[connection++ % plan.sequences.length]!;
      let k = 0;
      return () => sequence[k++ % sequence.length]!;
    },
    overrun: () => 0,
  };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const bodies = bodiesFor(spec);
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
    // A pool without a duration is sent exactly once; with one, it must be large enough to last.
    ...(spec.amount ? { amount: spec.amount } : spec.seconds ? { duration: spec.seconds } : spec.plan.kind === 'pool' ? { amount: spec.plan.bodies.length } : { duration: 10 }),
    setupClient: (client: unknown) => {
      const c = client as Client;
      const next = bodies.next();
      c.setBody(next());
      // 'request' comes just before each request is written; the first one is already set.
      c.on('request', () => {
        if (c.reqsMade > 0) c.setBody(next());
      });
    },
  });
  const statusCodes: Record<string, number> = {};
  for (const [key, value] of Object.entries(result)) {
    const m = /^(\d)xx$/.exec(key);
    if (m && typeof value === 'number' && value > 0) statusCodes[key] = value;
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes,
    overrun: bodies.overrun(),
  };
}
