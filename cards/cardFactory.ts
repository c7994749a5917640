import * as ACData from 'adaptivecards-templating';
import type { Translator } from '../services/i18n/catalog';
import { DEAL_TEMPLATES } from './dealTemplates';
import help from './templates/help.json';
import welcome from './templates/welcome.json';

/**
 * Expands the Adaptive Card templates in cards/templates/. Templates hold no words of their own:
 * every text binds to the catalog (`${t.…}`) or to data prepared by the caller.
 */
export const TEMPLATES = {
  help,
  welcome,
  ...DEAL_TEMPLATES,
} as const satisfies Record<string, object>;

export type TemplateName = keyof typeof TEMPLATES;

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export function expandCard(name: TemplateName | string, data: Record<string, unknown>, tr: Translator): AdaptiveCardJson {
  const template = (TEMPLATES as Record<string, object>)[name];
  if (!template) throw new Error(`Unknown card template: ${name}`);
  const expanded = new ACData.Template(template).expand({ $root: { ...data, t: tr.strings() } }) as AdaptiveCardJson;
  return expanded;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
