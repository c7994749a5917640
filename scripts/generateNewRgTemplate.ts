/**
 * Regenerates deploymentTemplates/deployWithNewResourceGroup/template-BotApp-new-rg.json from the
 * resource-group template. Run after every change to template-BotApp-with-rg.json:
 *   npx ts-node scripts/generateNewRgTemplate.ts
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './appPackage/paths';
import { type ArmTemplate, NEW_RG_TEMPLATE_PATH, readJson, WITH_RG_TEMPLATE_PATH } from './deployment/armTemplate';
import { buildNewRgTemplate } from './deployment/newRgTemplate';

const template = buildNewRgTemplate(readJson<ArmTemplate>(WITH_RG_TEMPLATE_PATH));
writeFileSync(NEW_RG_TEMPLATE_PATH, `${JSON.stringify(template, null, 2)}\n`);
console.log(`Wrote ${relative(REPO_ROOT, NEW_RG_TEMPLATE_PATH)}`);
