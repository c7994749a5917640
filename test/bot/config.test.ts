import { ConfigError, loadConfig } from '../../bot/config';

describe('configuration from the environment', () => {
  it('defaults to local mode on SQLite, loopback only, port 3978', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('local');
    expect(c.port).toBe(3978);
    expect(c.host).toBe('127.0.0.1');
    expect(c.store).toEqual({ kind: 'sqlite', path: './data/cosell.db' });
  });

  it('turns on production mode when an app id is set, and listens on all interfaces', () => {
    const c = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' });
    expect(c.mode).toBe('production');
    expect(c.auth.MicrosoftAppType).toBe('MultiTenant');
    expect(c.host).toBe('0.0.0.0');
  });

  it('lets HOST override the listening address explicitly', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('accepts a user-assigned managed identity without a password, with Cosmos DB and no key', () => {
    const c = loadConfig({
      MicrosoftAppId: 'client-id',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'tenant',
      STORE: 'cosmos',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
    });
    expect(c.store).toMatchObject({ kind: 'cosmos', managedIdentityClientId: 'client-id', database: 'cosell' });
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ STORE: 'postgres' }, 'STORE'],
    [{ STORE: 'cosmos' }, 'COSMOS_ENDPOINT'],
    [{ STORE: 'cosmos', COSMOS_ENDPOINT: 'not a url' }, 'COSMOS_ENDPOINT'],
    [{ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://a.documents.azure.com/' }, 'COSMOS_KEY'],
    [{ MicrosoftAppId: 'app' }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppId: 'app', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x' }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppType: 'Anything' }, 'MicrosoftAppType'],
    [{ MicrosoftAppPassword: 'x' }, 'MicrosoftAppId'],
    [{ COSMOS_CREATE_IF_MISSING: 'maybe' }, 'COSMOS_CREATE_IF_MISSING'],
  ];
  it.each(bad)('refuses %j with one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(variable);
  });

  it('reads the referral webhook secret, refuses a short one without echoing it', () => {
    expect(loadConfig({}).referralWebhookSecret).toBeUndefined();
    const secret = 'x'.repeat(32);
    expect(loadConfig({ REFERRAL_WEBHOOK_SECRET: secret }).referralWebhookSecret).toBe(secret);
    expect(() => loadConfig({ REFERRAL_WEBHOOK_SECRET: 'short-secret' })).toThrow(/REFERRAL_WEBHOOK_SECRET.*at least 32/);
    expect(() => loadConfig({ REFERRAL_WEBHOOK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('reads the sweep, jobs, sender webhook and rate-limit settings, with Teams\' limits as defaults', () => {
    const d = loadConfig({});
    expect(d).toMatchObject({ sweepIntervalSeconds: 300, jobsSecret: undefined, senderWebhook: undefined, outboxMaxAttempts: 8, rateLimitMargin: 0.05, outboxBatchSize: 50 });
    expect(d.rateLimits.perConversation).toEqual([
      { limit: 7, perMs: 1_000 },
      { limit: 8, perMs: 2_000 },
      { limit: 60, perMs: 30_000 },
      { limit: 1_800, perMs: 3_600_000 },
    ]);
    expect(d.rateLimits.perTenant).toEqual([{ limit: 50, perMs: 1_000 }]);
    const c = loadConfig({
      SWEEP_INTERVAL_SECONDS: '0',
      JOBS_SECRET: 'j'.repeat(32),
      SENDER_WEBHOOK_URL: 'https://crm.example/referral-updates',
      SENDER_WEBHOOK_SECRET: 's'.repeat(32),
      TEAMS_CONVERSATION_RATE_LIMITS: '5/1, 40/30',
      TEAMS_TENANT_RATE_LIMITS: '20/0.5',
      OUTBOX_MAX_ATTEMPTS: '3',
      TEAMS_RATE_LIMIT_MARGIN_PERCENT: '10',
      OUTBOX_BATCH_SIZE: '20',
    });
    expect(c).toMatchObject({
      sweepIntervalSeconds: 0,
      jobsSecret: 'j'.repeat(32),
      senderWebhook: { url: 'https://crm.example/referral-updates', secret: 's'.repeat(32) },
      rateLimits: { perConversation: [{ limit: 5, perMs: 1_000 }, { limit: 40, perMs: 30_000 }], perTenant: [{ limit: 20, perMs: 500 }] },
      outboxMaxAttempts: 3,
      rateLimitMargin: 0.1,
      outboxBatchSize: 20,
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ SWEEP_INTERVAL_SECONDS: '-1' }, 'SWEEP_INTERVAL_SECONDS'],
    [{ JOBS_SECRET: 'short' }, 'JOBS_SECRET'],
    [{ SENDER_WEBHOOK_URL: 'ftp://crm.example/x', SENDER_WEBHOOK_SECRET: 's'.repeat(32) }, 'SENDER_WEBHOOK_URL'],
    [{ SENDER_WEBHOOK_URL: 'https://crm.example/x' }, 'SENDER_WEBHOOK_SECRET'],
    [{ TEAMS_CONVERSATION_RATE_LIMITS: '7 per second' }, 'TEAMS_CONVERSATION_RATE_LIMITS'],
    [{ TEAMS_TENANT_RATE_LIMITS: '0/1' }, 'TEAMS_TENANT_RATE_LIMITS'],
    [{ TEAMS_RATE_LIMIT_MARGIN_PERCENT: '-1' }, 'TEAMS_RATE_LIMIT_MARGIN_PERCENT'],
    [{ OUTBOX_BATCH_SIZE: '0' }, 'OUTBOX_BATCH_SIZE'],
    [{ OUTBOX_BATCH_SIZE: '101' }, 'OUTBOX_BATCH_SIZE'],
    [{ OUTBOX_MAX_ATTEMPTS: '0' }, 'OUTBOX_MAX_ATTEMPTS'],
  ])('refuses %j naming %s, never echoing a secret', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(variable));
    expect(() => loadConfig(env)).not.toThrow(/short/);
  });
});
