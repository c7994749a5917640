import type { ArmOutput, ArmParameter, ArmTemplate } from './armTemplate';

const SUBSCRIPTION_SCHEMA = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
const RESOURCES_API = '2022-09-01';
/** Name of the nested deployment inside the new resource group. */
export const NESTED_DEPLOYMENT_NAME = 'cosell-bot-resources';

/**
 * The subscription-level template that creates a resource group and deploys the resource-group
 * template into it, nested inline (so `az deployment sub create --template-file` needs no linked
 * file). Derived, never edited by hand: the nested template is the resource-group template itself,
 * and every one of its parameters is passed through, except `location`, which is the group's.
 */
export function buildNewRgTemplate(inner: ArmTemplate): ArmTemplate {
  const innerParameters = inner.parameters ?? {};
  const outerParameters: Record<string, ArmParameter> = {
    groupName: { type: 'string', minLength: 1, maxLength: 90, metadata: { description: 'Name of the new resource group.' } },
    groupLocation: { type: 'string', metadata: { description: 'Azure region of the new resource group and of its resources.' } },
  };
  const passed: Record<string, { value: string }> = {};
  for (const [name, definition] of Object.entries(innerParameters)) {
    if (name === 'location') {
      passed[name] = { value: "[parameters('groupLocation')]" };
      continue;
    }
    if (JSON.stringify(definition.defaultValue ?? null).includes('resourceGroup()')) {
      throw new Error(`Parameter ${name}: a default that uses resourceGroup() cannot be evaluated at subscription scope`);
    }
    outerParameters[name] = definition;
    passed[name] = { value: `[parameters('${name}')]` };
  }
  const deploymentId = `resourceId(parameters('groupName'), 'Microsoft.Resources/deployments', '${NESTED_DEPLOYMENT_NAME}')`;
  const outputs: Record<string, ArmOutput> = {};
  for (const [name, output] of Object.entries(inner.outputs ?? {})) {
    outputs[name] = {
      type: output.type,
      value: `[reference(${deploymentId}, '${RESOURCES_API}').outputs.${name}.value]`,
      ...(output.metadata ? { metadata: output.metadata } : {}),
    };
  }
  return {
    $schema: SUBSCRIPTION_SCHEMA,
    contentVersion: inner.contentVersion,
    metadata: { description: 'Co-sell Bot in a new resource group (subscription-level deployment). Generated from ../deployUseExistResourceGroup/template-BotApp-with-rg.json by scripts/generateDeploymentTemplates.ts: do not edit by hand.' },
    parameters: outerParameters,
    resources: [
      {
        type: 'Microsoft.Resources/resourceGroups',
        apiVersion: RESOURCES_API,
        name: "[parameters('groupName')]",
        location: "[parameters('groupLocation')]",
        properties: {},
      },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: RESOURCES_API,
        name: NESTED_DEPLOYMENT_NAME,
        resourceGroup: "[parameters('groupName')]",
        dependsOn: ["[resourceId('Microsoft.Resources/resourceGroups', parameters('groupName'))]"],
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: passed,
          template: inner,
        },
      },
    ],
    outputs,
  };
}
