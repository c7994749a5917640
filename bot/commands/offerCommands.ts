import type { Command } from './command';
import { cardActivity, offerListCard, orgFactsCard, statusCard } from '../offers/offerCards';
import { askerOf, mayManage, resolveOffer, type OfferBotDeps } from '../offers/offerTurn';
import { OFFER_FORM_DIALOG, type OfferFormOptions } from '../../dialogs/offerFormDialog';
import { ORG_FACTS_DIALOG } from '../../dialogs/orgFactsDialog';

const PAGE_SIZE = 20;

/** "offers", "new offer", "edit offer <name>", "status of <name>", "org facts". */
export function offerCommands(deps: OfferBotDeps): Command[] {
  const offers: Command = {
    id: 'offers',
    triggers: ['offers', 'my offers', 'list offers'],
    helpKey: 'help.commands.offers',
    async run({ turn, tr, args }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      // "offers after Contoso" is the next page (the list's More button types it).
      const after = /^after\s+(.+)$/i.exec(args)?.[1];
      const page = await deps.offers.listWithStatus(who.tenantId, PAGE_SIZE, after);
      const canManage = await deps.access.canManage(who.tenantId, who.actor.userId);
      const last = page.items.at(-1)?.offer.name;
      await turn.sendActivity(cardActivity(offerListCard(page.items, tr, canManage, page.more && last ? `offers after ${last}` : undefined)));
    },
  };

  const newOffer: Command = {
    id: 'newOffer',
    triggers: ['new offer', 'create offer', 'add offer'],
    helpKey: 'help.commands.newOffer',
    async run({ turn, tr, dialogs }) {
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return;
      await dialogs.begin(turn, OFFER_FORM_DIALOG, { mode: 'create' } satisfies OfferFormOptions);
    },
  };

  const editOffer: Command = {
    id: 'editOffer',
    triggers: ['edit offer', 'change offer'],
    async run({ turn, tr, args, dialogs }) {
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'edit offer');
      if (offer) await dialogs.begin(turn, OFFER_FORM_DIALOG, { mode: 'edit', offerId: offer.value.id } satisfies OfferFormOptions);
    },
  };

  const status: Command = {
    id: 'offerStatus',
    triggers: ['status of', 'offer status', 'status of offer'],
    helpKey: 'help.commands.offerStatus',
    async run({ turn, tr, args }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'status of');
      if (!offer) return;
      const [{ readiness, contactsCount }, canManage] = await Promise.all([
        deps.offers.status(who.tenantId, offer.value),
        deps.access.canManage(who.tenantId, who.actor.userId),
      ]);
      await turn.sendActivity(cardActivity(statusCard(offer.value, readiness, contactsCount, tr, canManage)));
    },
  };

  const orgFacts: Command = {
    id: 'orgFacts',
    triggers: ['org facts', 'organisation facts', 'organization facts'],
    helpKey: 'help.commands.orgFacts',
    async run({ turn, tr, dialogs }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      if (await deps.access.canManage(who.tenantId, who.actor.userId)) {
        await dialogs.begin(turn, ORG_FACTS_DIALOG);
        return;
      }
      const { facts } = await deps.facts.get(who.tenantId);
      await turn.sendActivity(cardActivity(orgFactsCard(facts, tr, false)));
    },
  };

  return [offers, newOffer, editOffer, status, orgFacts];
}
