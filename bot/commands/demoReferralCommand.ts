import { randomUUID } from 'node:crypto';
import { CardFactory, MessageFactory } from 'botbuilder';
import { addDays, type Clock } from '../../services/clock';
import type { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import type { Translator } from '../../services/i18n/catalog';
import type { ReferralCreatedEvent } from '../../services/referrals/inboundReferral';
import type { ReferralService } from '../../services/referrals/referralService';
import { canManageReferrals } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import { conversationIdOf } from '../conversations/conversationTracker';
import type { ReferralCardDrawer } from '../referrals/referralCardDrawer';
import { personOf, tenantOf } from '../teamsIdentity';
import type { Command } from './command';

export interface DemoReferralDeps {
  referrals: ReferralService;
  cards: ReferralCardDrawer;
  postedCards: PostedCardRepository;
  roles: RoleService;
  clock: Clock;
}

/** Fictitious customers (Microsoft's sample company names), so demo data never looks like a real lead. */
const CUSTOMERS = [
  { name: 'Contoso Pharmaceuticals', city: 'Seattle', state: 'WA', country: 'US', contact: ['Dana', 'Reyes'] },
  { name: 'Northwind Traders', city: 'London', country: 'GB', contact: ['Priya', 'Shah'] },
  { name: 'Woodgrove Bank', city: 'Toronto', state: 'ON', country: 'CA', contact: ['Marc', 'Tremblay'] },
  { name: 'Tailspin Toys', city: 'Munich', country: 'DE', contact: ['Lena', 'Vogel'] },
] as const;

/** A realistic inbound referral in the Referrals API shape, exactly as the webhook would carry it. */
export function demoReferral(tenantId: string, tr: Translator, now: Date, pick: number): ReferralCreatedEvent {
  const c = CUSTOMERS[pick % CUSTOMERS.length] ?? CUSTOMERS[0];
  const [firstName, lastName] = c.contact;
  const domain = `${c.name.split(' ')[0]?.toLowerCase() ?? 'customer'}.example`;
  return {
    eventType: 'referral-created',
    tenantId,
    id: `demo-${randomUUID()}`,
    name: tr.t('referrals.demo.name', { customer: c.name }),
    type: 'Shared',
    qualification: 'SalesQualified',
    status: 'New',
    substatus: 'Received',
    customerProfile: {
      name: c.name,
      address: { city: c.city, state: 'state' in c ? c.state : undefined, country: c.country },
      size: '1000to9999employees',
      team: [{ firstName, lastName, email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@${domain}`, phoneNumber: '+1 206 555 0142' }],
      ids: [],
    },
    consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
    details: {
      notes: tr.t('referrals.demo.notes'),
      dealValue: 180000 + (pick % 5) * 45000,
      currency: 'USD',
      closingDateTime: addDays(now, 90).toISOString(),
      requirements: {
        solutions: [
          { id: 'demo-azure-migrate', name: 'Azure Migrate', publisherName: 'Microsoft', kind: 'Microsoft' },
          { id: 'demo-data-accelerator', name: tr.t('referrals.demo.solution'), kind: 'OurCompany', requiresDealRegistration: true },
        ],
        industries: [tr.t('referrals.demo.industry')],
        products: [],
        services: [],
      },
    },
    inviteContext: {
      notes: tr.t('referrals.demo.senderNotes'),
      invitedBy: { organizationName: 'Microsoft', name: 'Alex Wilber', email: 'alex.wilber@microsoft.example' },
    },
  };
}

/** "demo referral": a realistic referral through the same service as the webhook, posted right here. */
export function demoReferralCommand(deps: DemoReferralDeps): Command {
  let made = 0;
  return {
    id: 'demoReferral',
    triggers: ['demo referral'],
    helpKey: 'help.commands.demoReferral',
    async run({ turn, tr }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('referrals.errors.noTenant'));
        return;
      }
      // It is stored like a real referral, so only those who manage referrals may add one.
      if (!canManageReferrals(await deps.roles.rolesOf(tenantId, personOf(turn).userId))) {
        await turn.sendActivity(tr.t('referrals.demo.notAllowed'));
        return;
      }
      const { opportunity } = await deps.referrals.receiveReferral(demoReferral(tenantId, tr, deps.clock.now(), made++));
      const card = await deps.cards.base(opportunity, tr);
      const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card), tr.t('referrals.demo.created'));
      const sent = await turn.sendActivity(reply);
      if (sent?.id) await deps.postedCards.record(tenantId, opportunity.value.id, { conversationId: conversationIdOf(turn), activityId: sent.id });
    },
  };
}
