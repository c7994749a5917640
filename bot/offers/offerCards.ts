import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { expandCard, type AdaptiveCardJson } from '../../cards/cardFactory';
import type { Translator } from '../../services/i18n/catalog';
import { CO_SELL_CATALOG } from '../../services/offers/coSellCatalog';
import { countryName } from '../../services/offers/countries';
import { ALLOWED_TYPES } from '../../services/offers/documents/documentPolicy';
import type { ContactsImportPlan } from '../../services/offers/contactsService';
import {
  CONTACT_ROLES,
  covers,
  DOCUMENT_KINDS,
  OFFER_TYPES,
  SOLUTION_TYPES,
  type DocumentKind,
  type Offer,
  type OrgFacts,
} from '../../services/offers/offer';
import type { OfferWithStatus } from '../../services/offers/offerService';
import type { CoSellStatus, Readiness, RequirementCheck, RequirementStep } from '../../services/offers/readiness';
import type { OfferFormValues } from './offerForm';

/**
 * Turns offers, statuses and forms into card data: every word from the catalog, numbers, sizes
 * and dates through the Translator. Buttons are command buttons (bot/commands/commandButton.ts):
 * a press is the same as typing the command, so they work in any chat.
 */
export function cardActivity(card: AdaptiveCardJson): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

const STATUS_COLOR: Record<CoSellStatus, 'Attention' | 'Good' | 'Accent'> = {
  NotReady: 'Attention',
  CoSellReady: 'Good',
  CoSellIncentivized: 'Accent',
};

const STEPS: RequirementStep[] = ['publish', 'csp', 'coSellReady', 'incentive'];

export function countryList(codes: ReadonlyArray<string>, tr: Translator): string {
  return codes.map((c) => `${countryName(c, tr.locale)} (${c})`).join(', ');
}

export function formatBytes(bytes: number, tr: Translator): string {
  if (bytes < 1024) return tr.t('offers.sizes.bytes', { value: tr.number(bytes) });
  if (bytes < 1024 * 1024) return tr.t('offers.sizes.kb', { value: tr.number(Math.round(bytes / 1024)) });
  return tr.t('offers.sizes.mb', { value: tr.number(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}

function checkText(check: RequirementCheck, tr: Translator): { text: string; next: string; showNext: boolean } {
  const label = tr.t(`offers.requirements.${check.id}.label`);
  const mark = check.met ? 'met' : check.optional ? 'optional' : 'unmet';
  const missing = check.missing ?? [];
  const next = tr.t(`offers.requirements.${check.id}.next`, {
    countries: countryList(missing, tr),
    fields: missing.map((f) => tr.t(`offers.listingFields.${f}`)).join(', '),
  });
  return { text: tr.t(`offers.statusCard.${mark}`, { label }), next, showNext: !check.met };
}

export function statusCard(offer: Offer, readiness: Readiness, contactsCount: number, tr: Translator, canManage: boolean): AdaptiveCardJson {
  const steps = STEPS.map((step) => ({
    title: tr.t(`offers.steps.${step}`),
    checks: readiness.checks.filter((c) => c.step === step).map((c) => checkText(c, tr)),
  })).filter((s) => s.checks.length > 0);
  const next = readiness.next;
  // Reaching co-sell ready has its own benefits; the incentive tier's depend on the programme.
  const nextBenefitsKey = next === 'CoSellReady' ? 'CoSellReady' : next === 'CoSellIncentivized' ? readiness.program : undefined;
  const name = offer.name;
  const actions = [
    ...(canManage ? [{ title: tr.t('offers.statusCard.edit'), command: `edit offer ${name}` }] : []),
    { title: tr.t('offers.statusCard.documents'), command: `documents ${name}` },
    { title: tr.t('offers.statusCard.exportContacts'), command: `export contacts ${name}` },
    ...(canManage ? [{ title: tr.t('offers.statusCard.importContacts'), command: `import contacts ${name}` }] : []),
  ];
  return expandCard(
    'offerStatus',
    {
      name,
      subtitle: `${tr.t(`offers.catalog.offerTypes.${offer.offerType}`)} · ${tr.t(`offers.catalog.solutionTypes.${offer.solutionType}`)}`,
      statusText: tr.t(`offers.status.${readiness.status}`),
      statusColor: STATUS_COLOR[readiness.status],
      programText: readiness.program ? tr.t(`offers.program.${readiness.program}`) : tr.t('offers.statusCard.noProgram'),
      contactsValue: tr.number(contactsCount),
      documentsValue: tr.number(offer.documents.length),
      steps,
      hasNextStatus: next !== undefined,
      nextTitle: next ? tr.t('offers.statusCard.nextTitle', { status: tr.t(`offers.status.${next}`) }) : '',
      nextBenefitsTitle: next ? tr.t('offers.statusCard.nextBenefits', { status: tr.t(`offers.status.${next}`) }) : '',
      nextBenefits: nextBenefitsKey ? tr.t(`offers.benefits.${nextBenefitsKey}`) : '',
      actions,
    },
    tr,
  );
}

export function offerListCard(items: OfferWithStatus[], tr: Translator, canManage: boolean, moreCommand?: string): AdaptiveCardJson {
  const rows = items.map(({ offer, readiness }) => ({
    name: offer.name,
    line: tr.t('offers.list.line', {
      status: tr.t(`offers.status.${readiness.status}`),
      offerType: tr.t(`offers.catalog.offerTypes.${offer.offerType}`),
    }),
    color: STATUS_COLOR[readiness.status],
    buttons: [
      { title: tr.t('offers.list.status'), command: `status of ${offer.name}` },
      ...(canManage ? [{ title: tr.t('offers.list.edit'), command: `edit offer ${offer.name}` }] : []),
    ],
  }));
  const actions = [
    ...(moreCommand ? [{ title: tr.t('offers.list.more'), command: moreCommand }] : []),
    ...(canManage ? [{ title: tr.t('offers.list.new'), command: 'new offer' }] : []),
    { title: tr.t('offers.list.facts'), command: 'org facts' },
  ];
  return expandCard(
    'offerList',
    { items: rows, hasItems: rows.length > 0, emptyText: tr.t(canManage ? 'offers.list.emptyAdmin' : 'offers.list.empty'), actions },
    tr,
  );
}

/** Buttons for the offers whose names matched, each typing `<command> <name>`. */
export function offerPickCard(text: string, offers: ReadonlyArray<Pick<Offer, 'name'>>, command: string, tr: Translator): AdaptiveCardJson {
  return expandCard('offerPick', { text, choices: offers.slice(0, 10).map((o) => ({ title: o.name, command: `${command} ${o.name}` })) }, tr);
}

/** A drop-down of offers inside a dialog (which offer a file is for). */
export function offerChoiceCard(text: string, offers: ReadonlyArray<Pick<Offer, 'id' | 'name'>>, form: string, tr: Translator): AdaptiveCardJson {
  return expandCard('offerChoice', { text, form, offers: offers.map((o) => ({ title: o.name, value: o.id })) }, tr);
}

function choices<T extends string>(ids: ReadonlyArray<T>, labelKey: string, tr: Translator) {
  return ids.map((id) => ({ title: tr.t(`${labelKey}.${id}`), value: id }));
}

export function offerFormCard(values: OfferFormValues, problems: string[], tr: Translator, editingName?: string): AdaptiveCardJson {
  const subAreas = CO_SELL_CATALOG.solutionAreas.flatMap((area) =>
    area.subAreas.map((sub) => ({
      title: tr.t('offers.catalog.subAreaOf', { area: tr.t(`offers.catalog.solutionAreas.${area.id}`), subArea: tr.t(`offers.catalog.subAreas.${sub}`) }),
      value: sub,
    })),
  );
  const v = values as Record<string, string>;
  return expandCard(
    'offerForm',
    {
      title: editingName ? tr.t('offers.form.titleEdit', { name: editingName }) : tr.t('offers.form.titleNew'),
      values,
      problems: problems.map((text) => ({ text })),
      hasProblems: problems.length > 0,
      offerTypes: choices(OFFER_TYPES, 'offers.catalog.offerTypes', tr),
      solutionTypes: choices(SOLUTION_TYPES, 'offers.catalog.solutionTypes', tr),
      platforms: choices(CO_SELL_CATALOG.platforms, 'offers.catalog.platforms', tr),
      segments: choices(CO_SELL_CATALOG.segments, 'offers.catalog.segments', tr),
      areas: choices(
        CO_SELL_CATALOG.solutionAreas.map((a) => a.id),
        'offers.catalog.solutionAreas',
        tr,
      ),
      subAreas,
      slots: [1, 2, 3].map((slot) => ({
        areaId: `area${slot}`,
        subAreasId: `subAreas${slot}`,
        areaLabel: tr.t('offers.form.solutionArea', { slot }),
        subAreasLabel: tr.t('offers.form.subAreas', { slot }),
        areaValue: v[`area${slot}`] ?? '',
        subAreasValue: v[`subAreas${slot}`] ?? '',
      })),
    },
    tr,
  );
}

export function contactsConfirmCard(offer: Offer, fileName: string, plan: ContactsImportPlan, tr: Translator): AdaptiveCardJson {
  const byRole = CONTACT_ROLES.map((role) => ({
    title: tr.t(`offers.catalog.contactRoles.${role}`),
    value: tr.number(plan.contacts.filter((c) => c.role === role).length),
  }));
  const uncovered = offer.markets.filter((m) => !plan.contacts.some((c) => c.role === 'PartnerSales' && covers(c, m)));
  return expandCard(
    'contactsImportConfirm',
    {
      title: tr.t('offers.contacts.confirmTitle', { offer: offer.name }),
      text: tr.t('offers.contacts.confirmText', { file: fileName, current: tr.number(plan.currentCount), next: tr.number(plan.contacts.length) }),
      byRole,
      hasUncovered: uncovered.length > 0,
      uncovered: tr.t('offers.contacts.uncovered', { countries: countryList(uncovered, tr) }),
    },
    tr,
  );
}

export function orgFactsCard(facts: OrgFacts, tr: Translator, canEdit: boolean, problem?: string): AdaptiveCardJson {
  const yesNo = (b: boolean) => tr.t(b ? 'offers.facts.yes' : 'offers.facts.no');
  const updated =
    facts.updatedAt && facts.updatedBy
      ? tr.t('offers.facts.updated', { date: tr.date(facts.updatedAt), name: facts.updatedBy.name ?? facts.updatedBy.userId })
      : tr.t('offers.facts.never');
  return expandCard(
    'orgFacts',
    {
      canEdit,
      hasProblem: problem !== undefined,
      problem: problem ?? '',
      view: { acr: tr.money(facts.acrTtmUsd, 'USD'), billed: tr.money(facts.billedRevenueTtmUsd, 'USD'), gold: yesNo(facts.goldCompetency), isv: yesNo(facts.isvConnectPremium) },
      values: {
        acrTtmUsd: facts.acrTtmUsd,
        billedRevenueTtmUsd: facts.billedRevenueTtmUsd,
        goldCompetency: String(facts.goldCompetency),
        isvConnectPremium: String(facts.isvConnectPremium),
      },
      updated,
      actions: canEdit
        ? [
            { title: tr.t('offers.facts.save'), action: 'save', inputs: 'auto' },
            { title: tr.t('offers.facts.cancel'), action: 'cancel', inputs: 'none' },
          ]
        : [],
    },
    tr,
  );
}

const KIND_NOTE: Partial<Record<DocumentKind, string>> = {
  onePager: 'offers.documents.required',
  pitchDeck: 'offers.documents.required',
  externalUrl: 'offers.documents.required',
  referenceArchitecture: 'offers.documents.requiredForIncentive',
};

/** The documents in the order the documents card numbers them (#1, #2, …): by kind, then as added. */
export function numberedDocuments(offer: Pick<Offer, 'documents'>): Offer['documents'] {
  return DOCUMENT_KINDS.flatMap((kind) => offer.documents.filter((d) => d.kind === kind));
}

export function documentsCard(offer: Offer, tr: Translator, canManage: boolean): AdaptiveCardJson {
  const numbered = numberedDocuments(offer);
  const kinds = DOCUMENT_KINDS.map((kind) => {
    const docs = numbered
      .map((d, i) => ({ d, index: i + 1 }))
      .filter(({ d }) => d.kind === kind)
      .map(({ d, index }) => {
        const line =
          d.source === 'link'
            ? tr.t('offers.documents.linkLine', { name: d.name, url: d.url })
            : tr.t('offers.documents.fileLine', { name: d.name, type: d.fileType.toUpperCase(), size: formatBytes(d.sizeBytes, tr) });
        return {
          line,
          canRemove: canManage,
          removeTitle: tr.t('offers.documents.remove', { index }),
          removeCommand: `remove document ${offer.name} #${index}`,
        };
      });
    const note = KIND_NOTE[kind];
    return { label: tr.t(`offers.catalog.documentKinds.${kind}`), hasNote: note !== undefined, note: note ? tr.t(note) : '', docs, hasDocs: docs.length > 0 };
  });
  return expandCard(
    'offerDocuments',
    {
      title: tr.t('offers.documents.title', { offer: offer.name }),
      kinds,
      actions: canManage ? [{ title: tr.t('offers.documents.add'), command: `add document ${offer.name}` }] : [],
    },
    tr,
  );
}

export interface DocumentFormOptions {
  /** The offers to choose from when the offer is not yet known. */
  offers?: ReadonlyArray<Pick<Offer, 'id' | 'name'>>;
  offerName?: string;
  /** A file already sent: no link to ask for. */
  fileName?: string;
  values?: { offerId?: string; kind?: string; url?: string; title?: string };
  problem?: string;
}

export function documentFormCard(o: DocumentFormOptions, tr: Translator): AdaptiveCardJson {
  const kinds = o.fileName ? DOCUMENT_KINDS.filter((k) => ALLOWED_TYPES[k].length > 0) : DOCUMENT_KINDS;
  return expandCard(
    'documentForm',
    {
      title: o.offerName ? tr.t('offers.documents.formTitle', { offer: o.offerName }) : tr.t('offers.documents.add'),
      intro: o.fileName ? tr.t('offers.documents.fileWithoutContext', { file: o.fileName }) : tr.t('offers.documents.formIntro'),
      hasProblem: o.problem !== undefined,
      problem: o.problem ?? '',
      chooseOffer: o.offers !== undefined,
      offers: (o.offers ?? []).map((offer) => ({ title: offer.name, value: offer.id })),
      kinds: choices(kinds, 'offers.catalog.documentKinds', tr),
      askLink: !o.fileName,
      values: { offerId: o.values?.offerId ?? '', kind: o.values?.kind ?? '', url: o.values?.url ?? '', title: o.values?.title ?? '' },
    },
    tr,
  );
}
