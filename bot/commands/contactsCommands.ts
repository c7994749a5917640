import type { Command } from './command';
import { contactsTemplateCsv } from '../../services/offers/contactsCsv';
import { isCsvFile } from '../../services/offers/incomingFile';
import { filesIn } from '../files/incomingFiles';
import type { FileRequest, OutgoingFile } from '../files/fileSender';
import { askerOf, mayManage, resolveOffer, type OfferBotDeps } from '../offers/offerTurn';
import { CONTACTS_IMPORT_DIALOG, type ContactsImportOptions } from '../../dialogs/contactsImportDialog';

const CSV = 'text/csv';

/** A file name from an offer name: letters, digits and dashes only. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'offer'
  );
}

/** The files the bot sends about contacts, made afresh whenever asked (also after a file consent). */
export function contactsFileProducer(deps: Pick<OfferBotDeps, 'offers' | 'contacts'>) {
  return async (tenantId: string, request: FileRequest): Promise<OutgoingFile | undefined> => {
    if (request.kind === 'contactsTemplate') {
      return { name: 'co-sell-contacts-template.csv', contentType: CSV, bytes: Buffer.from(contactsTemplateCsv(), 'utf8') };
    }
    const offer = await deps.offers.get(tenantId, request.offerId);
    if (!offer) return undefined;
    const csv = await deps.contacts.exportCsv(tenantId, offer.value.id);
    return { name: `co-sell-contacts-${fileSlug(offer.value.name)}.csv`, contentType: CSV, bytes: Buffer.from(csv, 'utf8') };
  };
}

/** "contacts template", "export contacts <offer>", "import contacts <offer>" (with or without the file). */
export function contactsCommands(deps: OfferBotDeps): Command[] {
  const produce = contactsFileProducer(deps);

  const template: Command = {
    id: 'contactsTemplate',
    triggers: ['contacts template', 'contact template', 'csv template'],
    helpKey: 'help.commands.contactsTemplate',
    async run({ turn, tr }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      const request: FileRequest = { kind: 'contactsTemplate' };
      await turn.sendActivity(`${tr.t('offers.contacts.templateSent')}\n\n${tr.t('offers.contacts.templateHelp')}`);
      await deps.files.send(turn, tr, request, (await produce(who.tenantId, request))!);
    },
  };

  const exportContacts: Command = {
    id: 'exportContacts',
    triggers: ['export contacts', 'download contacts'],
    async run({ turn, tr, args }) {
      const who = await askerOf(turn, tr);
      if (!who) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'export contacts');
      if (!offer) return;
      const request: FileRequest = { kind: 'contactsExport', offerId: offer.value.id };
      const file = await produce(who.tenantId, request);
      if (!file) return;
      const count = (await deps.contacts.list(who.tenantId, offer.value.id)).length;
      await turn.sendActivity(tr.t('offers.contacts.exportSent', { count: tr.number(count), offer: offer.value.name }));
      await deps.files.send(turn, tr, request, file);
    },
  };

  const importContacts: Command = {
    id: 'importContacts',
    triggers: ['import contacts', 'upload contacts'],
    async run({ turn, tr, args, dialogs }) {
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return;
      const offer = await resolveOffer(turn, tr, deps, who.tenantId, args, 'import contacts');
      if (!offer) return;
      // The file may come with the words ("import contacts Contoso" + the CSV) or after them.
      const file = filesIn(turn.activity).find(isCsvFile);
      await dialogs.begin(turn, CONTACTS_IMPORT_DIALOG, { offerId: offer.value.id, file } satisfies ContactsImportOptions);
    },
  };

  return [template, exportContacts, importContacts];
}
