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
});
