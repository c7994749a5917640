import type { FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { Clock } from '../../services/clock';
import { Translator } from '../../services/i18n/catalog';
import { ContactsService } from '../../services/offers/contactsService';
import { StoreDocumentFileStore, type DocumentFileStore } from '../../services/offers/documents/documentFileStore';
import { DocumentService } from '../../services/offers/documents/documentService';
import { FileTransfer, type FetchFn } from '../../services/offers/documents/fileTransfer';
import { isCsvFile } from '../../services/offers/incomingFile';
import { OfferAccess } from '../../services/offers/offerAccess';
import { OfferContactsRepository } from '../../services/offers/offerContactsRepository';
import { OfferRepository } from '../../services/offers/offerRepository';
import { OfferService } from '../../services/offers/offerService';
import { OfferSolutionsSource } from '../../services/offers/offerSolutionsSource';
import { OrgFactsRepository } from '../../services/offers/orgFactsRepository';
import { OrgFactsService } from '../../services/offers/orgFactsService';
import type { RoleService } from '../../services/roles/roleService';
import type { DocumentStore } from '../../services/store/documentStore';
import { AddDocumentDialog, ADD_DOCUMENT_DIALOG } from '../../dialogs/addDocumentDialog';
import { ContactsImportDialog, CONTACTS_IMPORT_DIALOG } from '../../dialogs/contactsImportDialog';
import { OfferFormDialog } from '../../dialogs/offerFormDialog';
import { OrgFactsDialog } from '../../dialogs/orgFactsDialog';
import type { Command, CommandContext } from '../commands/command';
import { contactsCommands, contactsFileProducer } from '../commands/contactsCommands';
import { documentCommands } from '../commands/documentCommands';
import { offerCommands } from '../commands/offerCommands';
import { filesIn } from '../files/incomingFiles';
import { FileSender } from '../files/fileSender';
import { askerOf, mayManage, type OfferBotDeps } from './offerTurn';

export interface OfferModuleOptions {
  store: DocumentStore;
  roles: RoleService;
  clock: Clock;
  /** Local runs and tests fetch files from http://127.0.0.1 (Agents Playground, test servers). */
  allowLoopbackHttp: boolean;
  fetch?: FetchFn;
  /** Where document bytes go; our own store unless blob storage is configured. */
  fileStore?: DocumentFileStore;
  transferTimeoutMs?: number;
}

export interface OfferModule {
  commands: Command[];
  dialogs: Dialog[];
  /** A message with files and no command: a contacts CSV or a co-sell document. */
  onFiles(ctx: CommandContext): Promise<boolean>;
  fileConsent: {
    accept(turn: TurnContext, response: FileConsentCardResponse): Promise<void>;
    decline(turn: TurnContext, response: FileConsentCardResponse): Promise<void>;
  };
  /** "Our company's solutions" for the create-deal flow (co-sell ready offers). */
  solutionsSource: OfferSolutionsSource;
  deps: OfferBotDeps;
}

/** Builds the co-sell offers feature: services over the store, commands, dialogs, file handling. */
export function createOfferModule(o: OfferModuleOptions): OfferModule {
  const access = new OfferAccess(o.roles);
  const offersRepo = new OfferRepository(o.store);
  const contactsRepo = new OfferContactsRepository(o.store);
  const factsRepo = new OrgFactsRepository(o.store);
  const transfer = new FileTransfer(o.fetch ?? fetch, { timeoutMs: o.transferTimeoutMs ?? 15_000, allowLoopbackHttp: o.allowLoopbackHttp });
  const offers = new OfferService(offersRepo, contactsRepo, factsRepo, access, o.clock);
  const contacts = new ContactsService(offersRepo, contactsRepo, access, o.clock);
  const fileStore = o.fileStore ?? new StoreDocumentFileStore(o.store, o.clock);
  const files = new FileSender(contactsFileProducer({ offers, contacts }), transfer);
  const deps: OfferBotDeps = {
    offers,
    contacts,
    facts: new OrgFactsService(factsRepo, access, o.clock),
    documents: new DocumentService(offersRepo, fileStore, transfer, access, o.clock),
    access,
    transfer,
    files,
  };

  return {
    commands: [...offerCommands(deps), ...contactsCommands(deps), ...documentCommands(deps)],
    dialogs: [new OfferFormDialog(deps), new ContactsImportDialog(deps), new OrgFactsDialog(deps), new AddDocumentDialog(deps)],
    async onFiles({ turn, tr, dialogs }) {
      const file = filesIn(turn.activity)[0];
      if (!file) return false;
      const who = await askerOf(turn, tr);
      if (!who || !(await mayManage(turn, tr, deps, who))) return true;
      await dialogs.begin(turn, isCsvFile(file) ? CONTACTS_IMPORT_DIALOG : ADD_DOCUMENT_DIALOG, { file });
      return true;
    },
    fileConsent: {
      accept: (turn, response) => files.accept(turn, new Translator(turn.activity.locale), response),
      decline: (turn) => files.decline(turn, new Translator(turn.activity.locale)),
    },
    solutionsSource: new OfferSolutionsSource(offers),
    deps,
  };
}
