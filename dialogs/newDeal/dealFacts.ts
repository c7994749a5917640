import type { Translator } from '../../services/i18n/catalog';
import { stageOf, type Opportunity } from '../../services/opportunities/opportunity';
import { joinName } from '../../services/deals/contactRules';
import type { ContactPerson } from '../../services/deals/dealDraft';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { yesNo } from './fields';
import { STEPS } from './ids';
import { formatAddress } from './places';

export interface Fact {
  title: string;
  value: string;
}

export interface FactSection {
  title: string;
  facts: Fact[];
}

function facts(tr: Translator, entries: Array<[string, string | undefined]>): Fact[] {
  return entries.filter(([, v]) => v !== undefined && v !== '').map(([key, value]) => ({ title: tr.t(key), value: value! }));
}

function person(tr: Translator, p: ContactPerson): string {
  return tr.t('deals.team.member', { name: p.name, email: p.email, phone: p.phoneNumber });
}

/** The summary before "Create": every answer, grouped by step. */
export function summarySections(d: DealWorkingDraft, tr: Translator): FactSection[] {
  const c = d.customer;
  const details = d.details;
  const help = d.help;
  const sections: Record<(typeof STEPS)[number], Fact[]> = {
    customer: facts(tr, [
      ['deals.facts.customer', c?.name],
      ['deals.facts.address', c && formatAddress(c.address, tr.locale)],
      ['deals.facts.duns', c?.duns],
      ['deals.facts.contact', d.contact ? person(tr, d.contact) : tr.t('deals.facts.none')],
      ['deals.facts.consent', d.contact ? yesNo(d.consent === true, tr) : undefined],
    ]),
    details: facts(tr, [
      ['deals.facts.dealName', details?.name],
      ['deals.facts.value', details && tr.money(details.dealValue, details.currency)],
      ['deals.facts.closeDate', details && tr.date(`${details.closeDate}T00:00:00Z`)],
      ['deals.facts.crmId', details?.crmId],
      ['deals.facts.campaignId', details?.campaignId],
      ['deals.facts.notes', details?.notes],
    ]),
    team: d.team.map((p, i) => ({ title: tr.t('dialog.numberOnly', { number: i + 1 }), value: person(tr, p) })),
    solutions: d.solutions.map((s, i) => ({ title: tr.t('dialog.numberOnly', { number: i + 1 }), value: s.name })),
    help: facts(tr, [
      ['deals.facts.type', tr.t(help?.wanted ? 'deals.types.coSell' : 'deals.types.private')],
      ['deals.facts.helpCodes', help?.wanted ? (help.helpCodes ?? []).map((code) => tr.t(`deals.helpCodes.${code}`)).join(', ') : undefined],
      ['deals.facts.helpNotes', help?.wanted ? help.notes : undefined],
    ]),
  };
  return STEPS.map((step) => ({ title: tr.t(`deals.steps.${step}`), facts: sections[step] }));
}

/** The created deal's card data: what a seller checks at a glance. */
export function createdCardData(o: Opportunity, tr: Translator): Record<string, unknown> {
  const coSell = o.type === 'Shared';
  return {
    name: o.name,
    facts: facts(tr, [
      ['deals.facts.customer', o.customerProfile.name],
      ['deals.facts.value', tr.money(o.details.dealValue, o.details.currency)],
      ['deals.facts.closeDate', tr.date(o.details.closingDateTime)],
      ['deals.facts.stage', tr.t(`deals.stages.${stageOf(o)}`)],
      ['deals.facts.type', tr.t(coSell ? 'deals.types.coSell' : 'deals.types.private')],
      ['deals.facts.solutions', o.details.requirements.solutions.map((s) => s.name).join(', ')],
      ['deals.facts.team', o.team.map((p) => joinName(p)).join(', ')],
    ]),
    window: coSell && o.expirationDateTime ? tr.t('deals.created.window', { date: tr.date(o.expirationDateTime) }) : '',
  };
}

/** One open deal that looks like the one being created. */
export function duplicateData(o: Opportunity, tr: Translator): { name: string; facts: Fact[] } {
  return {
    name: o.name,
    facts: facts(tr, [
      ['deals.facts.customer', o.customerProfile.name],
      ['deals.facts.stage', tr.t(`deals.stages.${stageOf(o)}`)],
      ['deals.facts.created', tr.date(o.createdDateTime)],
      ['deals.facts.value', tr.money(o.details.dealValue, o.details.currency)],
      ['deals.facts.solutions', o.details.requirements.solutions.map((s) => s.name).join(', ')],
    ]),
  };
}
