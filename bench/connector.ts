/**
 * What Teams' serviceUrl points at during the benchmarks, in its own process so that it takes no
 * time from the bot under test: answers every Bot Connector call at once and counts them
 * (GET /bench/count).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/bench/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count }));
    return;
  }
  req.resume();
  req.on('end', () => {
    count++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/v3/conversations' ? { id: `conv-${count}`, activityId: `act-${count}` } : { id: `act-${count}` }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ message: 'connector listening', url: `http://127.0.0.1:${port}/` }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
