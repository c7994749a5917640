import { readJson, type ArmParameter, type ArmTemplate, NEW_RG_PARAMETERS_PATH, NEW_RG_TEMPLATE_PATH, WITH_RG_PARAMETERS_PATH, WITH_RG_TEMPLATE_PATH } from '../../scripts/deployment/armTemplate';
import { buildNewRgTemplate } from '../../scripts/deployment/newRgTemplate';
import { ALL_COLLECTIONS, OPPORTUNITIES } from '../../services/store/collections';
import { DEFAULT_NOTICE_BATCH } from '../../services/notifications/outboxDispatcher';
import { DEFAULT_PACING_MARGIN } from '../../services/notifications/rateLimiter';
import {
  allStrings,
  appSettings,
  isBalancedExpression,
  onlyResource,
  ownScopeStrings,
  prop,
  referencedNames,
  resourcesOfType,
} from './armTemplateHelpers';

interface ParametersFile {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { value?: unknown; reference?: unknown }>;
}

interface IndexingPolicy {
  indexingMode: string;
  includedPaths: { path: string }[];
  excludedPaths: { path: string }[];
  compositeIndexes?: { path: string; order: string }[][];
}
interface ContainerSpec {
  name: string;
  indexingPolicy: IndexingPolicy;
}

const withRg = readJson<ArmTemplate>(WITH_RG_TEMPLATE_PATH);
const newRg = readJson<ArmTemplate>(NEW_RG_TEMPLATE_PATH);
const nestedDeployment = onlyResource(newRg, 'Microsoft.Resources/deployments');
const nested = prop(nestedDeployment, 'properties.template') as ArmTemplate;

/** Both ways to deploy the bot's resources: straight into a resource group, or nested in the new-RG template. */
const TEMPLATES: [string, ArmTemplate][] = [
  ['template-BotApp-with-rg.json', withRg],
  ['template-BotApp-new-rg.json (nested template)', nested],
];

/** Settings the bot's configuration reads: the product's public interface. */
const EXPECTED_APP_SETTINGS = [
  'MicrosoftAppType',
  'MicrosoftAppId',
  'MicrosoftAppTenantId',
  'STORE',
  'COSMOS_ENDPOINT',
  'COSMOS_DATABASE',
  'COSMOS_CREATE_IF_MISSING',
  'SWEEP_INTERVAL_SECONDS',
  'REFERRAL_WEBHOOK_SECRET',
  'JOBS_SECRET',
  'SENDER_WEBHOOK_URL',
  'SENDER_WEBHOOK_SECRET',
  'TEAMS_CONVERSATION_RATE_LIMITS',
  'TEAMS_TENANT_RATE_LIMITS',
  'OUTBOX_MAX_ATTEMPTS',
  'OUTBOX_BATCH_SIZE',
  'TEAMS_RATE_LIMIT_MARGIN_PERCENT',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'HOST',
];

/** Collections the bot stores now or will soon; each needs its container. */

const isSecure = (p: ArmParameter): boolean => ['securestring', 'secureobject'].includes(p.type.toLowerCase());

function containers(template: ArmTemplate): ContainerSpec[] {
  return template.variables?.['cosmosContainers'] as ContainerSpec[];
}

/** A path is indexed when an included path covers it and no more specific excluded path removes it. */
function isIndexed(policy: IndexingPolicy, field: string): boolean {
  const included = policy.includedPaths.map((p) => p.path);
  const excluded = policy.excludedPaths.map((p) => p.path);
  if (included.includes(`/${field}/?`) || included.includes(`/${field}/*`)) return true;
  return included.includes('/*') && !excluded.some((p) => p === `/${field}/?` || p === `/${field}/*`);
}

describe.each(TEMPLATES)('%s', (_name, template) => {
  const site = onlyResource(template, 'Microsoft.Web/sites');
  const plan = onlyResource(template, 'Microsoft.Web/serverfarms');
  const identity = onlyResource(template, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  const bot = onlyResource(template, 'Microsoft.BotService/botServices');
  const account = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts');
  const identityId = `[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', ${identity.name.slice(1, -1)})]`;
  const parameters = template.parameters ?? {};
  const settings = appSettings(site);

  it('declares its schema and content version', () => {
    expect(template.$schema).toMatch(/^https:\/\/schema\.management\.azure\.com\/schemas\/.+\/deploymentTemplate\.json#$/);
    expect(template.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('uses only declared parameters and variables, in well-formed expressions', () => {
    const strings = ownScopeStrings(template);
    for (const name of referencedNames(strings, 'parameters')) expect(Object.keys(parameters)).toContain(name);
    for (const name of referencedNames(strings, 'variables')) expect(Object.keys(template.variables ?? {})).toContain(name);
    expect(strings.filter((s) => !isBalancedExpression(s))).toEqual([]);
  });

  it('runs the bot on a Linux Web App with Node 20, HTTPS only, Always On, TLS 1.2 and no FTP', () => {
    expect(plan.kind).toBe('linux');
    expect(prop(plan, 'properties.reserved')).toBe(true);
    expect(String(site.kind)).toContain('linux');
    expect(prop(site, 'properties.siteConfig.linuxFxVersion')).toBe('NODE|20-lts');
    expect(prop(site, 'properties.httpsOnly')).toBe(true);
    expect(prop(site, 'properties.siteConfig.alwaysOn')).toBe(true);
    expect(prop(site, 'properties.siteConfig.minTlsVersion')).toBe('1.2');
    expect(prop(site, 'properties.siteConfig.ftpsState')).toBe('Disabled');
    expect((parameters['appServicePlanSku']?.allowedValues ?? []).some((s) => String(s).startsWith('F'))).toBe(false);
  });

  it('gives the Web App the user-assigned identity, and nothing system-assigned', () => {
    expect(prop(site, 'identity.type')).toBe('UserAssigned');
    expect(Object.keys(prop(site, 'identity.userAssignedIdentities') as object)).toEqual([identityId]);
  });

  it('registers the Azure Bot as a single-tenant UserAssignedMSI bot with that identity, at /api/messages', () => {
    expect(bot.kind).toBe('azurebot');
    expect(bot.location).toBe('global');
    expect(prop(bot, 'properties.msaAppType')).toBe('UserAssignedMSI');
    expect(prop(bot, 'properties.msaAppMSIResourceId')).toBe(identityId);
    expect(prop(bot, 'properties.msaAppId')).toBe(`[reference(${identityId.slice(1, -1)}, '2023-01-31').clientId]`);
    expect(prop(bot, 'properties.msaAppTenantId')).toBe(`[reference(${identityId.slice(1, -1)}, '2023-01-31').tenantId]`);
    expect(String(prop(bot, 'properties.endpoint'))).toMatch(/^\[concat\('https:\/\/', .+, '\/api\/messages'\)\]$/);
    expect(allStrings(template).filter((s) => /MultiTenant|MicrosoftAppPassword|appSecret/i.test(s))).toEqual([]);
  });

  it('enables the Microsoft Teams channel on the bot', () => {
    const channels = resourcesOfType(template, 'Microsoft.BotService/botServices/channels');
    const teams = channels.filter((c) => prop(c, 'properties.channelName') === 'MsTeamsChannel');
    expect(teams).toHaveLength(1);
    expect(prop(teams[0], 'properties.properties.isEnabled')).toBe(true);
    expect(teams[0]!.name).toContain(bot.name.slice(1, -1));
    expect(teams[0]!.name).toMatch(/'\/MsTeamsChannel'\)\]$/);
  });

  it('makes Cosmos DB serverless by default, provisioned on request', () => {
    expect(parameters['cosmosCapacityMode']?.defaultValue).toBe('Serverless');
    expect(parameters['cosmosCapacityMode']?.allowedValues).toEqual(['Serverless', 'Provisioned']);
    expect(prop(account, 'properties.capabilities')).toBe("[variables('cosmosCapabilities')[parameters('cosmosCapacityMode')]]");
    expect(prop(template.variables, 'cosmosCapabilities.Serverless')).toEqual([{ name: 'EnableServerless' }]);
    expect(prop(template.variables, 'cosmosCapabilities.Provisioned')).toEqual([]);
    const database = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
    expect(prop(database, 'properties.options')).toBe("[variables('cosmosDatabaseOptions')[parameters('cosmosCapacityMode')]]");
    expect(prop(template.variables, 'cosmosDatabaseOptions.Serverless')).toEqual({});
    expect(prop(template.variables, 'cosmosDatabaseOptions.Provisioned')).toEqual({ throughput: "[parameters('cosmosProvisionedThroughput')]" });
  });

  it('partitions every container by /tenantId', () => {
    const container = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    expect(prop(container, 'copy.count')).toBe("[length(variables('cosmosContainers'))]");
    expect(prop(container, 'properties.resource.id')).toBe("[variables('cosmosContainers')[copyIndex()].name]");
    expect(prop(container, 'properties.resource.partitionKey')).toEqual({ paths: ['/tenantId'], kind: 'Hash', version: 2 });
    expect(prop(container, 'properties.resource.indexingPolicy')).toBe("[variables('cosmosContainers')[copyIndex()].indexingPolicy]");
    for (const c of containers(template)) expect(c.indexingPolicy.indexingMode).toBe('consistent');
  });

  it('has a container for every collection in ALL_COLLECTIONS, and no other', () => {
    const names = containers(template).map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of ALL_COLLECTIONS) expect(names).toContain(spec.name);
    // Generated from the collections: run `npx ts-node scripts/generateDeploymentTemplates.ts` after adding one.
    expect(names).toEqual(ALL_COLLECTIONS.map((spec) => spec.name));
  });

  it.each(ALL_COLLECTIONS.map((spec) => [spec.name, spec] as const))(
    'indexes every query field of %s, each with a composite index with id (the store orders by field, then id)',
    (name, spec) => {
      const policy = containers(template).find((c) => c.name === name)!.indexingPolicy;
      const fields = new Set([...spec.queryFields, ...(spec.globalIndexes ?? []).flat()]);
      for (const field of fields) {
        expect([field, isIndexed(policy, field)]).toEqual([field, true]);
        const composite = (policy.compositeIndexes ?? []).find((c) => c.length === 2 && c[0]?.path === `/${field}` && c[1]?.path === '/id');
        expect([field, composite !== undefined && composite[0]?.order === composite[1]?.order]).toEqual([field, true]);
      }
    },
  );

  it('indexes the paths the inbox queries and the due-time sweeper use on opportunities', () => {
    const policy = containers(template).find((c) => c.name === OPPORTUNITIES.name)!.indexingPolicy;
    for (const field of ['dueDateTime', 'direction', 'status', 'favorite', 'createdDateTime', 'externalId', 'tenantId']) {
      expect([field, isIndexed(policy, field)]).toEqual([field, true]);
    }
    expect(policy.includedPaths.map((p) => p.path)).toContain('/dueDateTime/?');
  });

  it('lets the identity read and write data through the Cosmos DB Built-in Data Contributor role', () => {
    const assignment = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(template.variables?.['cosmosDataContributorRoleId']).toBe('00000000-0000-0000-0000-000000000002');
    expect(prop(assignment, 'properties.roleDefinitionId')).toBe(
      "[resourceId('Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions', variables('cosmosAccountName'), variables('cosmosDataContributorRoleId'))]",
    );
    expect(prop(assignment, 'properties.principalId')).toBe(`[reference(${identityId.slice(1, -1)}, '2023-01-31').principalId]`);
    expect(allStrings(template).filter((s) => /listKeys|listConnectionStrings/i.test(s))).toEqual([]);
  });

  it('starts the Web App only once its containers and data role exist (the bot does not create containers)', () => {
    const container = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    const assignment = onlyResource(template, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    const assignmentId = `[resourceId('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments', ${assignment.name.replace(/^\[concat\((.+), '\/', (.+)\)\]$/, '$1, $2')})]`;
    expect(site['dependsOn']).toEqual(expect.arrayContaining([prop(container, 'copy.name'), assignmentId]));
  });

  it('gives the Web App every setting the bot reads', () => {
    for (const name of EXPECTED_APP_SETTINGS) expect([name, settings.has(name)]).toEqual([name, true]);
    expect(settings.get('MicrosoftAppType')).toBe('UserAssignedMSI');
    expect(settings.get('MicrosoftAppId')).toBe(prop(bot, 'properties.msaAppId'));
    expect(settings.get('MicrosoftAppTenantId')).toBe(prop(bot, 'properties.msaAppTenantId'));
    expect(settings.get('STORE')).toBe('cosmos');
    expect(settings.get('COSMOS_ENDPOINT')).toMatch(/^\[reference\(resourceId\('Microsoft\.DocumentDB\/databaseAccounts', .+\)\.documentEndpoint\]$/);
    expect(settings.get('COSMOS_DATABASE')).toBe("[parameters('cosmosDatabaseName')]");
    expect(settings.get('COSMOS_CREATE_IF_MISSING')).toBe('false');
    expect(settings.get('SWEEP_INTERVAL_SECONDS')).toBe("[string(parameters('sweepIntervalSeconds'))]");
    expect(parameters['sweepIntervalSeconds']?.defaultValue).toBe(300);
    expect(settings.get('SENDER_WEBHOOK_URL')).toBe("[parameters('senderWebhookUrl')]");
    expect(parameters['senderWebhookUrl']?.defaultValue).toBe('');
    // The defaults are Teams' documented limits, in the format bot/config.ts reads.
    expect(parameters['teamsConversationRateLimits']?.defaultValue).toBe('7/1,8/2,60/30,1800/3600');
    expect(parameters['teamsTenantRateLimits']?.defaultValue).toBe('50/1');
    expect(settings.get('OUTBOX_MAX_ATTEMPTS')).toBe("[string(parameters('outboxMaxAttempts'))]");
    // Batch size and pacing margin default to what the bot itself uses when they are not set.
    expect(settings.get('OUTBOX_BATCH_SIZE')).toBe("[string(parameters('outboxBatchSize'))]");
    expect(parameters['outboxBatchSize']?.defaultValue).toBe(DEFAULT_NOTICE_BATCH);
    expect(settings.get('TEAMS_RATE_LIMIT_MARGIN_PERCENT')).toBe("[string(parameters('teamsRateLimitMarginPercent'))]");
    expect(parameters['teamsRateLimitMarginPercent']?.defaultValue).toBe(DEFAULT_PACING_MARGIN * 100);
    expect(settings.get('SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe('true');
    expect(settings.get('HOST')).toBe('0.0.0.0');
    for (const v of settings.values()) expect(typeof v).toBe('string');
  });

  it('takes the webhook and jobs secrets from secure parameters without defaults', () => {
    for (const [setting, param] of [
      ['REFERRAL_WEBHOOK_SECRET', 'referralWebhookSecret'],
      ['JOBS_SECRET', 'jobsSecret'],
      ['SENDER_WEBHOOK_SECRET', 'senderWebhookSecret'],
    ] as const) {
      expect(settings.get(setting)).toBe(`[parameters('${param}')]`);
      expect(parameters[param]?.type).toBe('securestring');
      expect(parameters[param]).not.toHaveProperty('defaultValue');
    }
  });

  it('has no default value on any secure parameter, nor on anything named like a secret', () => {
    for (const [name, p] of Object.entries(parameters)) {
      if (isSecure(p) || /password|secret|key$|token/i.test(name)) expect([name, p.defaultValue]).toEqual([name, undefined]);
    }
  });

  it('contains nothing that looks like a secret', () => {
    const strings = allStrings(template);
    expect(strings.filter((s) => /AccountKey=|SharedAccessKey=|AccountEndpoint=.*;/i.test(s))).toEqual([]);
    expect(strings.filter((s) => /-----BEGIN|eyJ[A-Za-z0-9_-]{10,}\./.test(s))).toEqual([]);
  });

  it('tells the deployer the bot id and domain to package the Teams app with', () => {
    expect(template.outputs?.['botId']?.value).toBe(prop(bot, 'properties.msaAppId'));
    expect(String(template.outputs?.['botDomain']?.value)).toMatch(/\.defaultHostName\]$/);
  });
});

describe('template-BotApp-new-rg.json', () => {
  it('is a subscription-level template that creates the resource group, then deploys into it', () => {
    expect(newRg.$schema).toMatch(/^https:\/\/schema\.management\.azure\.com\/schemas\/.+\/subscriptionDeploymentTemplate\.json#$/);
    expect(newRg.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const group = onlyResource(newRg, 'Microsoft.Resources/resourceGroups');
    expect(group.name).toBe("[parameters('groupName')]");
    expect(group.location).toBe("[parameters('groupLocation')]");
    expect(nestedDeployment['resourceGroup']).toBe("[parameters('groupName')]");
    expect(nestedDeployment['dependsOn']).toEqual(["[resourceId('Microsoft.Resources/resourceGroups', parameters('groupName'))]"]);
    expect(prop(nestedDeployment, 'properties.expressionEvaluationOptions.scope')).toBe('inner');
  });

  it('nests exactly the resource-group template, so the two cannot drift apart', () => {
    expect(nested).toEqual(withRg);
    expect(newRg).toEqual(buildNewRgTemplate(withRg));
  });

  it('passes every parameter of the nested template, the location being the group location', () => {
    const passed = prop(nestedDeployment, 'properties.parameters') as Record<string, { value: string }>;
    expect(Object.keys(passed).sort()).toEqual(Object.keys(nested.parameters ?? {}).sort());
    expect(passed['location']).toEqual({ value: "[parameters('groupLocation')]" });
    for (const [name, p] of Object.entries(nested.parameters ?? {})) {
      if (name === 'location') continue;
      expect(passed[name]).toEqual({ value: `[parameters('${name}')]` });
      expect(newRg.parameters?.[name]).toEqual(p);
    }
  });

  it('uses only declared parameters and variables, in well-formed expressions', () => {
    const strings = ownScopeStrings(newRg);
    for (const name of referencedNames(strings, 'parameters')) expect(Object.keys(newRg.parameters ?? {})).toContain(name);
    for (const name of referencedNames(strings, 'variables')) expect(Object.keys(newRg.variables ?? {})).toContain(name);
    expect(strings.filter((s) => !isBalancedExpression(s))).toEqual([]);
  });

  it('has no default value on any secure parameter', () => {
    for (const [name, p] of Object.entries(newRg.parameters ?? {})) {
      if (isSecure(p)) expect([name, p.defaultValue]).toEqual([name, undefined]);
    }
  });
});

describe.each([
  ['parameters-for-template-BotApp-with-rg.json', WITH_RG_PARAMETERS_PATH, withRg],
  ['parameters-for-template-BotApp-new-rg.json', NEW_RG_PARAMETERS_PATH, newRg],
])('%s', (_name, path, template) => {
  const file = readJson<ParametersFile>(path);

  it('declares its schema and content version', () => {
    expect(file.$schema).toMatch(/^https:\/\/schema\.management\.azure\.com\/schemas\/.+\/deploymentParameters\.json#$/);
    expect(file.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('sets only parameters the template declares, with allowed values', () => {
    for (const [name, { value }] of Object.entries(file.parameters)) {
      const declared = template.parameters?.[name];
      expect([name, declared !== undefined]).toEqual([name, true]);
      if (declared?.allowedValues) expect(declared.allowedValues).toContain(value);
    }
  });

  it('holds no secret: secure parameters are left for the command line or the prompt', () => {
    for (const name of Object.keys(file.parameters)) {
      const declared = template.parameters?.[name];
      expect([name, declared && isSecure(declared)]).toEqual([name, false]);
      expect(name).not.toMatch(/password|secret|key$|token/i);
    }
    expect(allStrings(file).filter((s) => /AccountKey=|password/i.test(s))).toEqual([]);
  });
});
