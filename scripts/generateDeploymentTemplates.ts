/**
 * Regenerates what the deployment templates derive from the code: the Cosmos DB containers (from
 * services/store/collections.ts) in the resource-group template, and the whole new-resource-group
 * template from the resource-group template. Run after adding a collection or editing a template:
 *   npx ts-node scripts/generateDeploymentTemplates.ts
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ALL_COLLECTIONS } from '../services/store/collections';
import { REPO_ROOT } from './appPackage/paths';
import { type ArmTemplate, NEW_RG_TEMPLATE_PATH, readJson, WITH_RG_TEMPLATE_PATH } from './deployment/armTemplate';
import { containersFor } from './deployment/cosmosContainers';
import { buildNewRgTemplate } from './deployment/newRgTemplate';

const withRg = readJson<ArmTemplate>(WITH_RG_TEMPLATE_PATH);
withRg.variables = { ...withRg.variables, cosmosContainers: containersFor(ALL_COLLECTIONS) };
writeFileSync(WITH_RG_TEMPLATE_PATH, `${JSON.stringify(withRg, null, 2)}\n`);
writeFileSync(NEW_RG_TEMPLATE_PATH, `${JSON.stringify(buildNewRgTemplate(withRg), null, 2)}\n`);
for (const path of [WITH_RG_TEMPLATE_PATH, NEW_RG_TEMPLATE_PATH]) console.log(`Wrote ${relative(REPO_ROOT, path)}`);
