import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../appPackage/paths';

/** The parts of an ARM template (deploymentTemplate.json) that our tooling reads. */
export interface ArmParameter {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  metadata?: { description?: string };
}

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  [property: string]: unknown;
}

export interface ArmOutput {
  type: string;
  value: unknown;
  metadata?: { description?: string };
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  metadata?: Record<string, unknown>;
  parameters?: Record<string, ArmParameter>;
  variables?: Record<string, unknown>;
  resources: ArmResource[];
  outputs?: Record<string, ArmOutput>;
}

export const DEPLOYMENT_DIR = join(REPO_ROOT, 'deploymentTemplates');
export const WITH_RG_TEMPLATE_PATH = join(DEPLOYMENT_DIR, 'deployUseExistResourceGroup', 'template-BotApp-with-rg.json');
export const WITH_RG_PARAMETERS_PATH = join(DEPLOYMENT_DIR, 'deployUseExistResourceGroup', 'parameters-for-template-BotApp-with-rg.json');
export const NEW_RG_TEMPLATE_PATH = join(DEPLOYMENT_DIR, 'deployWithNewResourceGroup', 'template-BotApp-new-rg.json');
export const NEW_RG_PARAMETERS_PATH = join(DEPLOYMENT_DIR, 'deployWithNewResourceGroup', 'parameters-for-template-BotApp-new-rg.json');

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
