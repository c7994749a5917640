import { DomainError } from '../../errors';

/**
 * Fetches files people send in chat (Teams attachment download URLs, other channels' contentUrl)
 * and uploads files to the URL Teams gives after a file consent. Every request goes through the
 * injected fetch, with a size cap and a timeout, and only to URLs the policy allows: https to a
 * named host; plain http only to this machine and only when the policy says so (local runs and
 * tests, where the Agents Playground serves files from localhost).
 */
export type FetchFn = typeof fetch;

export interface TransferPolicy {
  timeoutMs: number;
  allowLoopbackHttp: boolean;
}

export type DownloadFailure = 'badUrl' | 'tooLarge' | 'timeout' | 'httpStatus' | 'network';

export class TransferError extends DomainError {
  readonly code = 'transfer';
  constructor(
    readonly reason: DownloadFailure,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 3;

/** Blocks literal private, link-local and loopback addresses over https (internal services). */
function isPrivateAddress(hostname: string): boolean {
  if (LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(hostname);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  // IPv6 literals: nothing public is ever needed here, so refuse them all.
  return hostname.startsWith('[');
}

export function isAllowedUrl(text: string, policy: Pick<TransferPolicy, 'allowLoopbackHttp'>): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return !isPrivateAddress(url.hostname);
  return url.protocol === 'http:' && policy.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname);
}

export class FileTransfer {
  constructor(
    private readonly fetchFn: FetchFn,
    private readonly policy: TransferPolicy,
  ) {}

  /** The file's bytes; TransferError when the URL is not allowed, too big, slow or failing. */
  async download(url: string, maxBytes: number): Promise<{ bytes: Buffer; contentType?: string }> {
    if (url.startsWith('data:')) return decodeDataUrl(url, maxBytes);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    try {
      let current = url;
      for (let hop = 0; ; hop++) {
        if (!isAllowedUrl(current, this.policy)) throw new TransferError('badUrl', `download refused: ${redact(current)}`);
        // Redirects are followed by hand so that every hop passes the same URL check.
        const res = await this.fetchFn(current, { redirect: 'manual', signal: controller.signal });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
          current = new URL(location, current).toString();
          continue;
        }
        if (!res.ok) throw new TransferError('httpStatus', `download failed with HTTP ${res.status}`);
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (declared > maxBytes) throw new TransferError('tooLarge', `file of ${declared} bytes is over ${maxBytes}`);
        const bytes = await readCapped(res, maxBytes, controller);
        return { bytes, contentType: res.headers.get('content-type') ?? undefined };
      }
    } catch (err) {
      throw asTransferError(err, controller);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Uploads bytes with PUT (Teams' file consent upload URL takes the whole file in one range). */
  async upload(url: string, bytes: Buffer): Promise<void> {
    if (!isAllowedUrl(url, this.policy)) throw new TransferError('badUrl', `upload refused: ${redact(url)}`);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    try {
      const res = await this.fetchFn(url, {
        method: 'PUT',
        headers: { 'content-length': String(bytes.length), 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
        body: new Uint8Array(bytes),
        signal: controller.signal,
      });
      if (!res.ok) throw new TransferError('httpStatus', `upload failed with HTTP ${res.status}`);
    } catch (err) {
      throw asTransferError(err, controller);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readCapped(res: Response, maxBytes: number, controller: AbortController): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      controller.abort();
      throw new TransferError('tooLarge', `file is over ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function decodeDataUrl(url: string, maxBytes: number): { bytes: Buffer; contentType?: string } {
  const m = /^data:([^,;]*)(;[^,]*)?,(.*)$/s.exec(url);
  if (!m) throw new TransferError('badUrl', 'malformed data: URL');
  const base64 = (m[2] ?? '').includes(';base64');
  const payload = m[3] ?? '';
  // A cheap bound before decoding: base64 grows by a third.
  if ((base64 ? (payload.length * 3) / 4 : payload.length) > maxBytes + 3) throw new TransferError('tooLarge', `file is over ${maxBytes} bytes`);
  const bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  if (bytes.length > maxBytes) throw new TransferError('tooLarge', `file is over ${maxBytes} bytes`);
  return { bytes, contentType: m[1] || undefined };
}

function asTransferError(err: unknown, controller: AbortController): TransferError {
  if (err instanceof TransferError) return err;
  if (controller.signal.aborted) return new TransferError('timeout', 'the transfer took too long');
  return new TransferError('network', `transfer failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Download URLs carry access tokens in their query: never log those. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}
