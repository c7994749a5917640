import type { Command } from './command';
import { cardActivity, documentsCard, numberedDocuments } from '../offers/offerCards';
import { askerOf, errorText, mayManage, resolveOffer, type OfferBotDeps } from '../offers/offerTurn';
import { filesIn } from '../files/incomingFiles';
import { ADD_DOCUMENT_DIALOG, type AddDocumentOptions } from '../../dialogs/addDocumentDialog';

/** "documents <offer>", "add document <offer>", "remove document <offer> #<n>". */
export function documentCommands(deps: OfferBotDeps): Command[] {
  const list: Command = {
    id: 'offerDocuments',
    triggers: ['documents', 'documents of', 'offer documents'],
    async run({ turn, tr, args }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'documents');
      if (!offer) return;
      const canManage = await deps.access.canManage(who.tenantId, who.actor.userId);
      await turn.sendActivity(cardActivity(documentsCard(offer.value, tr, canManage)));
    },
  };

  const add: Command = {
    id: 'addDocument',
    triggers: ['add document', 'upload document'],
    async run({ turn, tr, args, dialogs }) {
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'add document');
      if (!offer) return;
      const file = filesIn(turn.activity)[0];
      await dialogs.begin(turn, ADD_DOCUMENT_DIALOG, { offerId: offer.value.id, file } satisfies AddDocumentOptions);
    },
  };

  const remove: Command = {
    id: 'removeDocument',
    triggers: ['remove document', 'delete document'],
    async run({ turn, tr, args }) {
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return;
      // "<offer name> #<n>": n is the number the documents card shows.
      const m = /^(.*?)\s*#(\d+)$/.exec(args);
      if (!m) {
        await turn.sendActivity(tr.t('offers.documents.removeWhich', { offer: args || '…' }));
        return;
      }
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, m[1] ?? '', 'documents');
      if (!offer) return;
      const doc = numberedDocuments(offer.value)[Number(m[2]) - 1];
      if (!doc) {
        await turn.sendActivity(tr.t('offers.documents.removeWhich', { offer: offer.value.name }));
        return;
      }
      try {
        const changed = await deps.documents.remove(who.tenantId, who.actor, offer.value.id, doc.id);
        await turn.sendActivity(tr.t('offers.documents.removed', { name: doc.name, offer: changed.name }));
        await turn.sendActivity(cardActivity(documentsCard(changed, tr, true)));
      } catch (err) {
        await turn.sendActivity(errorText(err, tr));
      }
    },
  };

  return [list, add, remove];
}
