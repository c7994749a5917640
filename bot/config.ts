import { z } from 'zod';
import { DEFAULT_PACING_MARGIN, RateLimits, TEAMS_RATE_LIMITS, type RateWindow } from '../services/notifications/rateLimiter';
import { DEFAULT_NOTICE_BATCH } from '../services/notifications/outboxDispatcher';
import { DEFAULT_RETRY_POLICY } from '../services/notifications/retryPolicy';

/**
 * The only reader of process.env. Every variable is parsed with zod; a bad value stops start-up
 * with one line naming the variable. These names are the product's public interface (README).
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const booleanFlag = (def: boolean) =>
  z.preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).optional()).transform((v) => (v === undefined ? def : v === 'true' || v === '1'));
const secret = z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional());

/** "7/1,8/2,60/30,1800/3600": at most 7 sends per 1 s, 8 per 2 s, … (count/seconds, comma-separated). */
const rateWindows = (def: ReadonlyArray<RateWindow>) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d+\s*\/\s*\d+(\.\d+)?\s*(,\s*\d+\s*\/\s*\d+(\.\d+)?\s*)*$/, 'count/seconds pairs, e.g. 7/1,8/2,60/30,1800/3600')
      .transform((text) =>
        text.split(',').map((pair) => {
          const [limit, seconds] = pair.split('/').map((x) => Number(x.trim()));
          return { limit: limit!, perMs: Math.round(seconds! * 1000) };
        }),
      )
      .pipe(RateLimits.shape.perConversation)
      .optional(),
  ).transform((v) => v ?? [...def]);
const port = (def: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(def));

const EnvSchema = z.object({
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  PORT: port(3978),
  HOST: optionalString,
  STORE: z.preprocess(emptyToUndefined, z.enum(['sqlite', 'cosmos']).default('sqlite')),
  SQLITE_PATH: z.preprocess(emptyToUndefined, z.string().default('./data/cosell.db')),
  COSMOS_ENDPOINT: z.preprocess(emptyToUndefined, z.string().url().optional()),
  COSMOS_KEY: optionalString,
  COSMOS_DATABASE: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, - and _').default('cosell')),
  COSMOS_CREATE_IF_MISSING: booleanFlag(true),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  /** Shared secret of POST /api/referrals (HMAC-SHA256 signatures); unset, the route answers 503. */
  REFERRAL_WEBHOOK_SECRET: secret,
  /** Seconds between the bot's own sweeps (reminders, expiry, deliveries); 0 leaves them to POST /api/jobs/sweep. */
  SWEEP_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(86_400).default(300)),
  /** Shared secret of POST /api/jobs/sweep (signed like /api/referrals); unset, the route answers 503. */
  JOBS_SECRET: secret,
  /** Where referral senders are told of declines and expiries (Referrals API referral-updated); unset, nobody is. */
  SENDER_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional()),
  SENDER_WEBHOOK_SECRET: secret,
  /** Teams' proactive-send limits, kept in configuration because Microsoft may change them. */
  TEAMS_CONVERSATION_RATE_LIMITS: rateWindows(TEAMS_RATE_LIMITS.perConversation),
  TEAMS_TENANT_RATE_LIMITS: rateWindows(TEAMS_RATE_LIMITS.perTenant),
  /** How much longer than those windows the bot paces itself, in per cent: Teams counts arrivals, not send times. */
  TEAMS_RATE_LIMIT_MARGIN_PERCENT: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(50).default(DEFAULT_PACING_MARGIN * 100)),
  /** Failed delivery attempts (throttling aside) before a notification is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(DEFAULT_RETRY_POLICY.maxAttempts)),
  /** Teams notices of one opportunity sent together, then recorded with one write (a crash repeats at most these). */
  OUTBOX_BATCH_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(DEFAULT_NOTICE_BATCH)),
});

const SECRET_VARIABLES = new Set(['MicrosoftAppPassword', 'COSMOS_KEY', 'REFERRAL_WEBHOOK_SECRET', 'JOBS_SECRET', 'SENDER_WEBHOOK_SECRET']);

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'cosmos'; endpoint: string; key?: string; database: string; createIfMissing: boolean; managedIdentityClientId?: string };

export interface BotAuthConfig {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppTenantId: string;
  MicrosoftAppType: string;
}

export interface AppConfig {
  /** Local mode: no app id, no Bot Framework authentication, loopback only. */
  mode: 'local' | 'production';
  auth: BotAuthConfig;
  port: number;
  host: string;
  store: StoreConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Signs inbound referral webhooks; undefined turns the webhook off. */
  referralWebhookSecret?: string;
  /** Seconds between sweeps in this process; 0: none (an external timer calls POST /api/jobs/sweep). */
  sweepIntervalSeconds: number;
  /** Signs POST /api/jobs/sweep; undefined turns the route off. */
  jobsSecret?: string;
  /** The referral senders' webhook; undefined: senders are not notified. */
  senderWebhook?: { url: string; secret: string };
  rateLimits: RateLimits;
  /** The pacing margin over rateLimits' windows, as a fraction (0.05: 5 % longer). */
  rateLimitMargin: number;
  outboxMaxAttempts: number;
  /** Teams notices of one opportunity delivered together (sent concurrently, recorded in one write). */
  outboxBatchSize: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // Never echo a secret into logs.
    const got = SECRET_VARIABLES.has(variable) ? 'value hidden' : `got "${String(env[variable] ?? '')}"`;
    throw new ConfigError(variable, `is invalid: ${issue?.message ?? 'bad value'} (${got})`);
  }
  const e = parsed.data;
  const production = e.MicrosoftAppId !== undefined;
  if (production) {
    const type = e.MicrosoftAppType ?? 'MultiTenant';
    if (type !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
      throw new ConfigError('MicrosoftAppPassword', `is required when MicrosoftAppType is ${type}`);
    }
    if (type !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      throw new ConfigError('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${type}`);
    }
  } else if (e.MicrosoftAppType || e.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppId', 'is required when MicrosoftAppType or MicrosoftAppPassword is set');
  }

  if (e.SENDER_WEBHOOK_URL && !e.SENDER_WEBHOOK_SECRET) {
    throw new ConfigError('SENDER_WEBHOOK_SECRET', 'is required when SENDER_WEBHOOK_URL is set (notifications are signed)');
  }

  let store: StoreConfig;
  if (e.STORE === 'cosmos') {
    if (!e.COSMOS_ENDPOINT) throw new ConfigError('COSMOS_ENDPOINT', 'is required when STORE is cosmos');
    if (!e.COSMOS_KEY && e.MicrosoftAppType !== 'UserAssignedMSI') {
      throw new ConfigError('COSMOS_KEY', 'is required when STORE is cosmos, unless the bot runs with a managed identity (MicrosoftAppType=UserAssignedMSI)');
    }
    store = {
      kind: 'cosmos',
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      database: e.COSMOS_DATABASE,
      createIfMissing: e.COSMOS_CREATE_IF_MISSING,
      managedIdentityClientId: e.COSMOS_KEY ? undefined : e.MicrosoftAppId,
    };
  } else {
    store = { kind: 'sqlite', path: e.SQLITE_PATH };
  }

  return {
    mode: production ? 'production' : 'local',
    auth: {
      MicrosoftAppId: e.MicrosoftAppId ?? '',
      MicrosoftAppPassword: e.MicrosoftAppPassword ?? '',
      MicrosoftAppTenantId: e.MicrosoftAppTenantId ?? '',
      MicrosoftAppType: production ? (e.MicrosoftAppType ?? 'MultiTenant') : '',
    },
    port: e.PORT,
    // Without authentication the bot must never face a network: loopback unless HOST says otherwise.
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    store,
    logLevel: e.LOG_LEVEL,
    referralWebhookSecret: e.REFERRAL_WEBHOOK_SECRET,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    jobsSecret: e.JOBS_SECRET,
    senderWebhook: e.SENDER_WEBHOOK_URL && e.SENDER_WEBHOOK_SECRET ? { url: e.SENDER_WEBHOOK_URL, secret: e.SENDER_WEBHOOK_SECRET } : undefined,
    rateLimits: { perConversation: e.TEAMS_CONVERSATION_RATE_LIMITS, perTenant: e.TEAMS_TENANT_RATE_LIMITS },
    rateLimitMargin: e.TEAMS_RATE_LIMIT_MARGIN_PERCENT / 100,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxBatchSize: e.OUTBOX_BATCH_SIZE,
  };
}
