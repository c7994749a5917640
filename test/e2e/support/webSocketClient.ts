import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A small RFC 6455 client, enough to listen to the Playground's conversation stream: text
 * messages in, ping answered, close. (Node 20 has no WebSocket global and the project does not
 * depend on a WebSocket package.)
 */
export class WebSocketClient {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly onText: (text: string) => void,
    private readonly onClose: (why: string) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.ended('socket closed'));
    socket.on('error', (err) => this.ended(`socket error: ${err.message}`));
  }

  static connect(url: string, onText: (text: string) => void, onClose: (why: string) => void = () => undefined): Promise<WebSocketClient> {
    const target = new URL(url);
    const key = randomBytes(16).toString('base64');
    return new Promise((resolve, reject) => {
      const req = request({
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`no WebSocket upgrade from ${url} within 10 s`));
      }, 10_000);
      req.on('upgrade', (res, socket, head) => {
        clearTimeout(timer);
        const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy();
          reject(new Error(`bad WebSocket handshake from ${url}`));
          return;
        }
        const client = new WebSocketClient(socket, onText, onClose);
        if (head.length > 0) client.receive(head);
        resolve(client);
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        reject(new Error(`${url} answered ${res.statusCode} instead of upgrading to a WebSocket`));
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end();
    });
  }

  close(): void {
    if (this.closed) return;
    this.send(0x8, Buffer.from([0x03, 0xe8])); // 1000: normal closure
    this.closed = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private ended(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(why);
  }

  /** Client frames are always masked (RFC 6455 §5.3). */
  private send(opcode: number, payload: Buffer): void {
    if (this.closed) return;
    const mask = randomBytes(4);
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length]) : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
    const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) return;
      this.handle(frame.fin, frame.opcode, frame.payload);
    }
  }

  private nextFrame(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const first = b[0]!;
    const second = b[1]!;
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const masked = (second & 0x80) !== 0;
    const maskKey = masked ? b.subarray(offset, offset + 4) : undefined;
    if (masked) offset += 4;
    if (b.length < offset + length) return undefined;
    let payload = b.subarray(offset, offset + length);
    if (maskKey) payload = Buffer.from(payload.map((x, i) => x ^ (maskKey[i % 4] ?? 0)));
    this.buffer = b.subarray(offset + length);
    return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload };
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0x9) return this.send(0xa, payload); // ping → pong
    if (opcode === 0xa) return;
    if (opcode === 0x8) {
      this.close();
      return this.ended('closed by the server');
    }
    if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
      this.fragments.push(payload);
      if (!fin) return;
      const message = Buffer.concat(this.fragments);
      this.fragments = [];
      this.onText(message.toString('utf8'));
    }
  }
}
