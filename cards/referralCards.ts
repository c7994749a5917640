import { DAY_MS } from '../services/clock';
import type { Translator } from '../services/i18n/catalog';
import { canApply } from '../services/opportunities/lifecycle';
import { stageOf, type Opportunity, type Person } from '../services/opportunities/opportunity';
import { revisionOf } from '../services/opportunities/revision';
import type { Versioned } from '../services/store/documentStore';
import { expandCard, type AdaptiveCardJson } from './cardFactory';
import { REFERRAL_VERBS } from './cardVerbs';

/**
 * The referral card, one template per stage (Received, Accepted, Archived). Everything a person
 * reads is prepared here, translated and formatted; the card's data carries only ids and the
 * version (ETag) it was drawn from.
 */

/** What a button sends back: which referral, in which tenant, drawn from which version. */
export interface ReferralRef {
  referralId: string;
  tenantId: string;
  version: string;
}

export interface ReferralCardOptions {
  now: Date;
  /** Whether this card offers the stage's buttons (the base card does; a viewer's card does not). */
  canAct: boolean;
  /** A sentence shown on top: why nothing changed, who did what, what just happened. */
  notice?: string;
  /** People who get a view fitted to their role (Teams refreshes the card for them, at most 60). */
  refreshUserIds?: ReadonlyArray<string>;
}

export const MAX_REFRESH_USERS = 60;
/** Under this many days left, the deadline is shown prominently. */
export const URGENT_DAYS = 3;

const TEMPLATE_OF = { Received: 'referralReceived', Accepted: 'referralAccepted', Archived: 'referralArchived' } as const;

export function referralRef(v: Versioned<Opportunity>): ReferralRef {
  return { referralId: v.value.id, tenantId: v.value.tenantId, version: revisionOf(v.value) };
}

export function referralCard(v: Versioned<Opportunity>, tr: Translator, options: ReferralCardOptions): AdaptiveCardJson {
  const o = v.value;
  const stage = stageOf(o);
  const ref = referralRef(v);
  const deadline = stage === 'Received' ? daysLeft(o, options.now, tr) : undefined;
  const card = expandCard(
    TEMPLATE_OF[stage],
    {
      ref,
      notice: options.notice ?? '',
      stageLabel: tr.t(`referrals.stage.${stage}`),
      favorite: o.favorite,
      favoriteTitle: tr.t(o.favorite ? 'referrals.favorite.on' : 'referrals.favorite.off'),
      title: o.name,
      kindLine: tr.t('referrals.kind.line', { direction: tr.t(`referrals.kind.${o.direction}`), type: tr.t(`referrals.kind.${o.type}`) }),
      customer: o.customerProfile.name,
      daysLeft: deadline?.text ?? '',
      urgent: deadline?.urgent ?? false,
      facts: factsFor(o, stage, tr),
      senderNotesTitle: tr.t('referrals.senderNotes', { sender: senderOf(o, tr) }),
      senderNotes: o.direction === 'Incoming' ? (o.inviteContext?.notes ?? '') : '',
      notes: o.details.notes ?? '',
      outcome: stage === 'Archived' ? outcomeOf(o, tr) : '',
      closingNotes: o.closingNotes ? tr.t('referrals.outcome.closingNotes', { notes: o.closingNotes }) : '',
      canAct: options.canAct,
      canInvite: canApply(o, 'inviteMicrosoft'),
    },
    tr,
  );
  const userIds = [...new Set(options.refreshUserIds ?? [])].slice(0, MAX_REFRESH_USERS);
  if (userIds.length > 0) {
    card.refresh = { action: { type: 'Action.Execute', verb: REFERRAL_VERBS.refresh, data: ref }, userIds };
  }
  return card;
}

/** A short card for lists: the essentials and an Open button that expands it in place. */
export function compactReferralCard(v: Versioned<Opportunity>, tr: Translator, now: Date): AdaptiveCardJson {
  const o = v.value;
  const stage = stageOf(o);
  const deadline = stage === 'Received' ? daysLeft(o, now, tr) : undefined;
  return expandCard(
    'referralCompact',
    {
      title: o.name,
      line: tr.t('inbox.compact.line', { customer: o.customerProfile.name, value: tr.money(o.details.dealValue, o.details.currency) }),
      stageLabel: `${tr.t(`referrals.stage.${stage}`)} · ${tr.t('referrals.kind.line', { direction: tr.t(`referrals.kind.${o.direction}`), type: tr.t(`referrals.kind.${o.type}`) })}`,
      daysLeft: deadline?.text ?? '',
      daysLeftColor: deadline?.urgent ? 'Attention' : 'Default',
      daysLeftWeight: deadline?.urgent ? 'Bolder' : 'Default',
      favorite: o.favorite,
      openData: { referralId: o.id, tenantId: o.tenantId },
    },
    tr,
  );
}

/** How long is left to answer a received referral, and whether that is urgent. */
export function daysLeft(o: Opportunity, now: Date, tr: Translator): { text: string; urgent: boolean } | undefined {
  if (!o.expirationDateTime) return undefined;
  const ms = new Date(o.expirationDateTime).getTime() - now.getTime();
  const date = tr.date(o.expirationDateTime);
  if (ms <= 0) return { text: tr.t('referrals.daysLeft.overdue', { date }), urgent: true };
  const days = Math.floor(ms / DAY_MS);
  const urgent = ms < URGENT_DAYS * DAY_MS;
  if (days === 0) return { text: tr.t('referrals.daysLeft.today', { date }), urgent };
  if (days === 1) return { text: tr.t('referrals.daysLeft.one', { date }), urgent };
  return { text: tr.t('referrals.daysLeft.many', { days: tr.number(days), date }), urgent };
}

/** "Avery Seller accepted it on 21 Nov 2026, 10:00." for the latest entry of the history. */
export function lastChange(o: Opportunity, tr: Translator): string | undefined {
  const last = o.history.at(-1);
  if (!last) return undefined;
  const known = tr.t(`referrals.history.${last.action}`);
  const key = known === `referrals.history.${last.action}` ? 'referrals.history.other' : `referrals.history.${last.action}`;
  const name = last.byName ?? tr.t(last.action === 'receive' || last.action === 'senderUpdate' ? 'referrals.history.theSender' : 'referrals.history.someone');
  return tr.t(key, { name, when: tr.dateTime(last.at) });
}

export function senderOf(o: Opportunity, tr: Translator): string {
  const by = o.inviteContext?.invitedBy;
  if (by?.name && by.organizationName) return tr.t('referrals.sender.withOrganization', { name: by.name, organization: by.organizationName });
  return by?.name ?? by?.organizationName ?? tr.t('referrals.sender.unknown');
}

function personName(p: Pick<Person, 'firstName' | 'lastName'>): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ');
}

function locationOf(o: Opportunity, tr: Translator): string {
  const a = o.customerProfile.address;
  return [a.city, a.state, tr.region(a.country)].filter(Boolean).join(', ');
}

function factsFor(o: Opportunity, stage: 'Received' | 'Accepted' | 'Archived', tr: Translator): Array<{ title: string; value: string }> {
  const solutions = o.details.requirements.solutions.map((s) => s.name).join(', ') || tr.t('referrals.none');
  const contact = o.customerProfile.team[0];
  const facts: Array<[string, string | undefined]> = [
    ['value', tr.money(o.details.dealValue, o.details.currency)],
    ['closeDate', tr.date(o.details.closingDateTime)],
    ['location', locationOf(o, tr)],
    ['solutions', solutions],
  ];
  if (stage !== 'Received') {
    facts.push(['team', o.team.map(personName).join(', ') || tr.t('referrals.none')]);
    if (contact) facts.push(['customerContact', [personName(contact), contact.email, contact.phoneNumber].filter(Boolean).join(' · ')]);
    facts.push(['crmId', o.crmId], ['campaignId', o.campaignId]);
    const help = o.inviteContext?.helpCodes?.map((c) => tr.t(`referrals.helpCodes.${c}`)).join(', ');
    if (o.direction === 'Outgoing') facts.push(['help', help]);
    if (o.dealRegistration) facts.push(['registration', [o.dealRegistration.customerTenantId, o.dealRegistration.invoiceNumber].filter(Boolean).join(' · ')]);
  }
  if (o.direction === 'Incoming') facts.push(['sender', senderOf(o, tr)], ['received', tr.date(o.createdDateTime)]);
  return facts.filter((f): f is [string, string] => !!f[1]).map(([key, value]) => ({ title: tr.t(`referrals.facts.${key}`), value }));
}

function outcomeOf(o: Opportunity, tr: Translator): string {
  const date = tr.date(o.closedDateTime ?? o.updatedDateTime);
  switch (o.substatus) {
    case 'Won':
      return tr.t('referrals.outcome.Won', { date });
    case 'Lost':
      return tr.t('referrals.outcome.Lost', { date, reason: o.lostReason ? tr.t(`referrals.lostReasons.${o.lostReason}`) : tr.t('referrals.none') });
    case 'Declined':
      return tr.t('referrals.outcome.Declined', {
        date,
        reason: o.declineReason ? tr.t(`referrals.declineReasons.${o.declineReason}`) : tr.t('referrals.none'),
      });
    default:
      return tr.t('referrals.outcome.Expired', { date });
  }
}
