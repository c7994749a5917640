import type { Activity, Attachment } from 'botbuilder';
import { extensionOf } from '../../services/offers/documents/documentPolicy';
import type { IncomingFile } from '../../services/offers/incomingFile';

/** How Teams hands a bot a file that a person sent in personal chat. */
export const TEAMS_FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

interface TeamsDownloadInfo {
  downloadUrl?: unknown;
  fileType?: unknown;
}

/**
 * The files in a message: Teams' download-info attachments, or, in the Agents Playground and
 * other channels, any named attachment with a contentUrl. Cards and rich text are not files.
 */
export function filesIn(activity: Partial<Pick<Activity, 'attachments'>>): IncomingFile[] {
  const files: IncomingFile[] = [];
  for (const a of activity.attachments ?? []) {
    const file = fileOf(a);
    if (file) files.push(file);
  }
  return files;
}

function fileOf(a: Attachment): IncomingFile | undefined {
  const name = typeof a.name === 'string' && a.name.trim() ? a.name.trim() : undefined;
  if (a.contentType === TEAMS_FILE_DOWNLOAD) {
    const info = (a.content ?? {}) as TeamsDownloadInfo;
    if (typeof info.downloadUrl !== 'string' || !name) return undefined;
    const fileType = typeof info.fileType === 'string' && info.fileType ? info.fileType.toLowerCase() : extensionOf(name);
    return { name, url: info.downloadUrl, fileType };
  }
  const isCardOrText = a.contentType.startsWith('application/vnd.microsoft.') || a.contentType.startsWith('text/html');
  if (isCardOrText || typeof a.contentUrl !== 'string' || !name) return undefined;
  return { name, url: a.contentUrl, fileType: extensionOf(name) };
}
