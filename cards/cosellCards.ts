import type { Translator } from '../services/i18n/catalog';
import type { Opportunity } from '../services/opportunities/opportunity';
import type { Versioned } from '../services/store/documentStore';
import { expandCard, type AdaptiveCardJson } from './cardFactory';
import { referralRef } from './referralCards';

/**
 * Microsoft's 14 days on an outbound co-sell request are over with nobody engaged: the owner
 * chooses between keeping it as co-sell and continuing it as private pipeline, on the card.
 */
export function cosellUnengagedCard(v: Versioned<Opportunity>, tr: Translator): AdaptiveCardJson {
  const o = v.value;
  const ref = referralRef(v);
  return expandCard(
    'cosellUnengaged',
    {
      kindLine: tr.t('referrals.kind.line', { direction: tr.t(`referrals.kind.${o.direction}`), type: tr.t(`referrals.kind.${o.type}`) }),
      title: tr.t('reminders.cosell.title', { name: o.name }),
      body: tr.t('reminders.cosell.body', { date: tr.date(o.expirationDateTime ?? o.updatedDateTime), customer: o.customerProfile.name }),
      facts: [
        { title: tr.t('referrals.facts.value'), value: tr.money(o.details.dealValue, o.details.currency) },
        { title: tr.t('referrals.facts.closeDate'), value: tr.date(o.details.closingDateTime) },
      ],
      ref,
      openData: { referralId: ref.referralId, tenantId: ref.tenantId },
    },
    tr,
  );
}
