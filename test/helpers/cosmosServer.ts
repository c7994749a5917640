import { createHttpsServer } from '@vercel/cosmosdb-server';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';

/** The publicly documented Cosmos DB Emulator key; the local server accepts any key. */
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface CosmosTestServer {
  endpoint: string;
  key: string;
  /** Skips certificate checks: the server ships a self-signed, expired certificate. Tests only. */
  agent: Agent;
  /** Every request the server received, so tests can check what went over the wire. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** Starts an in-memory Cosmos-protocol server (@vercel/cosmosdb-server) on a free local port. */
export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpsServer();
  const requests: RecordedRequest[] = [];
  server.on('request', (req) => requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: EMULATOR_KEY,
    agent,
    requests,
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
