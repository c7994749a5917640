import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type * as restify from 'restify';
import type { Clock } from '../../services/clock';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../../services/errors';
import { ReferralEvent } from '../../services/referrals/inboundReferral';
import type { ReferralService } from '../../services/referrals/referralService';
import type { BackgroundTasks } from '../backgroundTasks';
import type { Logger } from '../logger';
import type { ReferralCardPublisher } from '../referrals/referralCardPublisher';

export const REFERRAL_WEBHOOK_PATH = '/api/referrals';
export const MAX_BODY_BYTES = 256 * 1024;
/** Signed requests older (or newer) than this are refused: a captured request cannot be replayed later. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;
export const TIMESTAMP_HEADER = 'x-cosell-timestamp';
export const SIGNATURE_HEADER = 'x-cosell-signature';

export interface ReferralWebhookDeps {
  /** REFERRAL_WEBHOOK_SECRET; without it the route answers 503. */
  secret?: string;
  referrals: ReferralService;
  publisher: ReferralCardPublisher;
  background: BackgroundTasks;
  clock: Clock;
  logger: Logger;
  /** Delivers the opportunity's queued notifications now, in the background (the sweep would, later). */
  deliverSoon: (tenantId: string, id: string) => void;
}

/** The signature a sender puts in x-cosell-signature: HMAC-SHA256 over "timestamp.rawBody". */
export function signReferralBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type Problem = { status: number; code: string; message: string; problems?: Array<{ path: string; message: string }> };

type Reply = { status: number; body: object };

function refuse(status: number, code: string, message: string): { problem: Problem } {
  return { problem: { status, code, message } };
}

/** Reads the exact bytes of the body, up to the limit; beyond it the rest is drained and dropped. */
async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? 'tooLarge' : Buffer.concat(chunks);
}

function verifySignature(secret: string, timestamp: string, raw: Buffer, header: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = Buffer.from(signReferralBody(secret, timestamp, raw).slice('sha256='.length), 'hex');
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SignedRequestOptions {
  /** Unset: the route is turned off (503). */
  secret?: string;
  /** The variable that holds it, named in the 503 answer. */
  secretVariable: string;
  clock: Clock;
}

/**
 * Reads a request signed with a shared secret (see docs/referral-webhook.md): the exact body
 * bytes, the timestamp within 5 minutes, the HMAC, then JSON. Every refusal names its problem.
 */
export async function readSignedJson(req: restify.Request, options: SignedRequestOptions): Promise<{ body: unknown } | { problem: Problem }> {
  const raw = await readRawBody(req, MAX_BODY_BYTES);
  if (!options.secret) {
    return refuse(503, 'not_configured', `This route is not configured (${options.secretVariable} is not set).`);
  }
  if (raw === 'tooLarge') return refuse(413, 'too_large', `The body must be at most ${MAX_BODY_BYTES} bytes.`);
  const timestamp = req.header(TIMESTAMP_HEADER) as string | undefined;
  const signature = req.header(SIGNATURE_HEADER) as string | undefined;
  if (!timestamp || !signature) {
    return refuse(401, 'unsigned', `The ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required.`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, 'bad_timestamp', `${TIMESTAMP_HEADER} must be unix seconds.`);
  const age = Math.abs(options.clock.now().getTime() / 1000 - Number(timestamp));
  if (age > SIGNATURE_WINDOW_SECONDS) {
    const minutes = SIGNATURE_WINDOW_SECONDS / 60;
    return refuse(401, 'stale_timestamp', `${TIMESTAMP_HEADER} is more than ${minutes} minutes away from now.`);
  }
  if (!verifySignature(options.secret, timestamp, raw, signature)) {
    return refuse(401, 'bad_signature', `${SIGNATURE_HEADER} does not match the body.`);
  }
  const contentType = (req.header('content-type') as string | undefined) ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    return refuse(415, 'unsupported_media_type', 'The body must be application/json.');
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (err) {
    return refuse(400, 'invalid_json', `The body is not valid JSON (${err instanceof Error ? err.message : 'parse error'}).`);
  }
}

/** The error answer every signed route gives: `{ error: { code, message, problems? } }`. */
export function problemReply(p: Problem): Reply {
  return {
    status: p.status,
    body: { error: { code: p.code, message: p.message, ...(p.problems ? { problems: p.problems } : {}) } },
  };
}

/**
 * POST /api/referrals: inbound referrals (and the sender's updates), signed with the shared secret.
 * Every refusal names its problem and stores nothing; a new referral answers 201 and its card is
 * posted afterwards, a repeat answers 200.
 */
export function referralWebhookRoute(deps: ReferralWebhookDeps): (server: restify.Server) => void {
  const authenticate = (req: restify.Request) => readSignedJson(req, { secret: deps.secret, secretVariable: 'REFERRAL_WEBHOOK_SECRET', clock: deps.clock });
  const problem = problemReply;

  const handle = async (req: restify.Request): Promise<Reply> => {
    const read = await authenticate(req);
    if ('problem' in read) return problem(read.problem);
    const parsed = ReferralEvent.safeParse(read.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return problem({ status: 422, code: 'invalid_referral', message: 'The referral is not valid; see problems.', problems });
    }
    const event = parsed.data;
    try {
      if (event.eventType === 'referral-created') {
        // Posting its card is queued in the same write, so a crash right after cannot lose it.
        const { created, opportunity } = await deps.referrals.receiveReferral(event, { announce: true });
        // Answer first; the card is posted afterwards.
        if (created) deps.deliverSoon(event.tenantId, opportunity.value.id);
        deps.logger.info('referral received', { tenantId: event.tenantId, referralId: opportunity.value.id, created });
        return { status: created ? 201 : 200, body: { id: opportunity.value.id, externalId: event.id, status: created ? 'created' : 'duplicate' } };
      }
      const { changed, opportunity } = await deps.referrals.applyReferralUpdate(event);
      if (changed) deps.background.run('update referral cards', () => deps.publisher.refreshAfterChange(opportunity));
      return { status: 200, body: { id: opportunity.value.id, externalId: event.id, status: changed ? 'updated' : 'unchanged' } };
    } catch (err) {
      if (err instanceof NotFoundError) return problem({ status: 404, code: 'unknown_referral', message: `No referral ${event.id} for this tenant.` });
      if (err instanceof IllegalTransitionError) {
        return problem({ status: 409, code: 'illegal_transition', message: `The referral is ${err.from}; that change is not allowed from there.` });
      }
      if (err instanceof ValidationError) {
        return problem({ status: 422, code: 'invalid_referral', message: 'The referral is not valid; see problems.', problems: [...err.problems] });
      }
      throw err;
    }
  };

  return (server) => {
    server.post(REFERRAL_WEBHOOK_PATH, async (req: restify.Request, res: restify.Response) => {
      const { status, body } = await handle(req);
      res.send(status, body);
    });
  };
}
