import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body?: Buffer | string;
  contentType?: string;
  /** Send without Content-Length (chunked), as some servers do. */
  chunked?: boolean;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  status?: number;
  redirectTo?: string;
}

/**
 * A tiny local HTTP server standing in for Teams' file download URLs and the OneDrive upload URL
 * of a file consent: serves registered files, records uploads. (restify, loaded by the bot in the
 * same process, patches ServerResponse.writeHead so that it no longer returns the response: no
 * chaining `writeHead(…).end()` here.)
 */
export class LocalFileServer {
  private server?: http.Server;
  private readonly files = new Map<string, ServedFile>();
  readonly uploads: Array<{ path: string; headers: http.IncomingHttpHeaders; body: Buffer }> = [];

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('file server not started');
    return `http://127.0.0.1:${address.port}`;
  }

  serve(path: string, file: ServedFile): string {
    this.files.set(path, file);
    return `${this.url}${path}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'PUT') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          this.uploads.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
          res.writeHead(201);
          res.end();
        });
        return;
      }
      const file = this.files.get(path);
      if (!file) {
        res.writeHead(404);
        res.end();
        return;
      }
      const answer = () => {
        if (file.redirectTo) {
          res.writeHead(302, { location: file.redirectTo });
          res.end();
          return;
        }
        const body = Buffer.from(file.body ?? '');
        const headers: Record<string, string> = { 'content-type': file.contentType ?? 'application/octet-stream' };
        if (!file.chunked) headers['content-length'] = String(body.length);
        res.writeHead(file.status ?? 200, headers);
        res.end(body);
      };
      if (file.delayMs) setTimeout(answer, file.delayMs);
      else answer();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
