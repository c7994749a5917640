import { z } from 'zod';
import type { Attachment, FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { Translator } from '../../services/i18n/catalog';
import { TransferError, type FileTransfer } from '../../services/offers/documents/fileTransfer';
import { tenantOf } from '../teamsIdentity';

/** What the bot can send as a file; kept small so it fits a file consent card's context. */
export const FileRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contactsTemplate') }),
  z.object({ kind: z.literal('contactsExport'), offerId: z.string().min(1).max(100) }),
]);
export type FileRequest = z.infer<typeof FileRequest>;

export interface OutgoingFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** Makes the file for a request, for this tenant; undefined when it no longer exists. */
export type FileProducer = (tenantId: string, request: FileRequest) => Promise<OutgoingFile | undefined>;

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/**
 * Sends files to people. In Teams personal chat a bot may not attach a file directly: it offers a
 * FileConsentCard, and once the person accepts, uploads the file to the OneDrive URL Teams gives
 * and posts a file info card. The file is made again at that moment from the request in the
 * card's context (so the context stays small and the file is current). Teams group chats and
 * channels have no consent flow: the person is asked to use personal chat. Other channels (Agents
 * Playground, Web Chat, Emulator) take the file inline as a data: URL attachment.
 */
export class FileSender {
  constructor(
    private readonly produce: FileProducer,
    private readonly transfer: FileTransfer,
  ) {}

  async send(turn: TurnContext, tr: Translator, request: FileRequest, file: OutgoingFile): Promise<void> {
    const teams = turn.activity.channelId === 'msteams';
    if (teams && turn.activity.conversation.conversationType !== 'personal') {
      await turn.sendActivity(tr.t('offers.files.personalOnly'));
      return;
    }
    const attachment: Attachment = teams
      ? {
          contentType: FILE_CONSENT_CARD,
          name: file.name,
          content: {
            description: tr.t('offers.files.consentDescription', { name: file.name }),
            sizeInBytes: file.bytes.length,
            acceptContext: request,
            declineContext: request,
          },
        }
      : { contentType: file.contentType, name: file.name, contentUrl: `data:${file.contentType};base64,${file.bytes.toString('base64')}` };
    await turn.sendActivity({ type: 'message', attachments: [attachment] });
  }

  /** The person accepted a file consent card: upload the file and show it in the chat. */
  async accept(turn: TurnContext, tr: Translator, response: FileConsentCardResponse): Promise<void> {
    const request = FileRequest.safeParse(response.context);
    const tenantId = tenantOf(turn);
    const upload = response.uploadInfo;
    const file = request.success && tenantId ? await this.produce(tenantId, request.data) : undefined;
    if (!file || !upload?.uploadUrl) {
      await turn.sendActivity(tr.t('offers.files.gone'));
      return;
    }
    try {
      await this.transfer.upload(upload.uploadUrl, file.bytes);
    } catch (err) {
      if (!(err instanceof TransferError)) throw err;
      await turn.sendActivity(tr.t('offers.files.uploadFailed'));
      return;
    }
    await turn.sendActivity({
      type: 'message',
      attachments: [
        { contentType: FILE_INFO_CARD, name: upload.name, contentUrl: upload.contentUrl, content: { uniqueId: upload.uniqueId, fileType: upload.fileType } },
      ],
    });
  }

  async decline(turn: TurnContext, tr: Translator): Promise<void> {
    await turn.sendActivity(tr.t('offers.files.declined'));
  }
}
