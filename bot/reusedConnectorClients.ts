import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Auth = ConfigurationBotFrameworkAuthentication;
type Claims = Parameters<Auth['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Auth['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<Auth['createUserTokenClient']>>;
type AuthResult = Awaited<ReturnType<Auth['authenticateRequest']>>;

/** Far more than the serviceUrls (one per Teams region) and app ids a bot sees; only a bound. */
const MAX_CLIENTS = 256;

/** The bot's app id as the SDK reads it from a request's claims (audience, else appid). */
function appIdOf(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/**
 * Bot Framework authentication that reuses its Bot Connector clients. The SDK builds a new
 * ConnectorClient (an HTTP pipeline of a dozen policies) and a new UserTokenClient for every turn,
 * which costs as much as a simple turn itself; both are stateless apart from their credentials,
 * which depend only on the app id, the audience and the serviceUrl, so one per such key serves
 * every turn. Token acquisition and refresh stay inside the credentials, as before.
 */
export class ReusedConnectorClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override createConnectorFactory(claims: Claims): ConnectorFactory {
    return this.reusing(claims, super.createConnectorFactory(claims));
  }

  override async authenticateRequest(...args: Parameters<Auth['authenticateRequest']>): Promise<AuthResult> {
    return this.withReusingFactory(await super.authenticateRequest(...args));
  }

  override async authenticateStreamingRequest(...args: Parameters<Auth['authenticateStreamingRequest']>): Promise<AuthResult> {
    return this.withReusingFactory(await super.authenticateStreamingRequest(...args));
  }

  override createUserTokenClient(claims: Claims): Promise<UserTokenClient> {
    return remember(this.tokenClients, appIdOf(claims), () => super.createUserTokenClient(claims));
  }

  private withReusingFactory(result: AuthResult): AuthResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) } : result;
  }

  private reusing(claims: Claims, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claims);
    return {
      create: (serviceUrl: string, audience?: string) => remember(this.clients, `${appId}|${audience ?? ''}|${serviceUrl}`, () => factory.create(serviceUrl, audience)),
    } as ConnectorFactory;
  }
}

/** The value made for `key`, made once; a failure is forgotten so that the next turn tries again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let made = cache.get(key);
  if (!made) {
    if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
    made = make();
    cache.set(key, made);
    const mine = made;
    mine.catch(() => {
      if (cache.get(key) === mine) cache.delete(key);
    });
  }
  return made;
}
