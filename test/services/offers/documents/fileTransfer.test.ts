import { FileTransfer, isAllowedUrl, TransferError } from '../../../../services/offers/documents/fileTransfer';
import { LocalFileServer } from '../../../helpers/fileServer';

describe('file transfer: downloads and uploads with a size cap, a timeout and a URL policy', () => {
  let files: LocalFileServer;
  const local = new FileTransfer(fetch, { timeoutMs: 2_000, allowLoopbackHttp: true });

  beforeAll(async () => {
    files = new LocalFileServer();
    await files.start();
  });
  afterAll(() => files.stop());

  const reason = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof TransferError ? e.reason : String(e)));

  it('downloads a file', async () => {
    const url = files.serve('/a.csv', { body: 'Name\r\n', contentType: 'text/csv' });
    expect(await local.download(url, 100)).toEqual({ bytes: Buffer.from('Name\r\n'), contentType: 'text/csv' });
  });

  it('stops at the size cap, whether or not the server says the size', async () => {
    expect(await reason(local.download(files.serve('/big', { body: Buffer.alloc(2_000) }), 1_000))).toBe('tooLarge');
    expect(await reason(local.download(files.serve('/big-chunked', { body: Buffer.alloc(200_000), chunked: true }), 1_000))).toBe('tooLarge');
  });

  it('gives up after the timeout', async () => {
    const quick = new FileTransfer(fetch, { timeoutMs: 100, allowLoopbackHttp: true });
    expect(await reason(quick.download(files.serve('/slow', { body: 'x', delayMs: 1_000 }), 100))).toBe('timeout');
  });

  it('reports a failing server', async () => {
    expect(await reason(local.download(`${files.url}/missing`, 100))).toBe('httpStatus');
  });

  it('follows redirects only to allowed URLs', async () => {
    files.serve('/target', { body: 'ok' });
    expect((await local.download(files.serve('/hop', { redirectTo: '/target' }), 100)).bytes.toString()).toBe('ok');
    expect(await reason(local.download(files.serve('/evil', { redirectTo: 'http://example.com/x' }), 100))).toBe('badUrl');
  });

  it('refuses plain http, and loopback http unless the policy allows it', async () => {
    const production = new FileTransfer(fetch, { timeoutMs: 1_000, allowLoopbackHttp: false });
    expect(await reason(production.download(files.serve('/p', { body: 'x' }), 100))).toBe('badUrl');
    expect(isAllowedUrl('https://contoso.sharepoint.com/sites/x/file.csv?token=1', { allowLoopbackHttp: false })).toBe(true);
    for (const url of ['http://contoso.example/a', 'https://127.0.0.1/a', 'https://10.1.2.3/a', 'https://192.168.0.4/a', 'https://169.254.169.254/latest', 'https://[::1]/a', 'https://user:pw@host.example/a', 'ftp://host.example/a', 'file:///etc/passwd', 'https://localhost/a']) {
      expect([url, isAllowedUrl(url, { allowLoopbackHttp: true })]).toEqual([url, false]);
    }
  });

  it('reads data: URLs within the cap', async () => {
    expect((await local.download(`data:text/csv;base64,${Buffer.from('a,b').toString('base64')}`, 10)).bytes.toString()).toBe('a,b');
    expect(await reason(local.download(`data:text/csv;base64,${Buffer.alloc(100).toString('base64')}`, 10))).toBe('tooLarge');
  });

  it('uploads the whole file in one PUT with its range', async () => {
    await local.upload(`${files.url}/upload/contacts.csv`, Buffer.from('hello'));
    expect(files.uploads.at(-1)).toMatchObject({ path: '/upload/contacts.csv', body: Buffer.from('hello') });
    expect(files.uploads.at(-1)?.headers['content-range']).toBe('bytes 0-4/5');
    expect(await reason(local.upload('http://example.com/upload', Buffer.from('x')))).toBe('badUrl');
  });
});
