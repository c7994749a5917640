/**
 * `npm run playground`: starts the bot (built, local mode, embedded store) and Microsoft 365 Agents
 * Playground pointed at it, and stops both together. Open the printed URL in a browser.
 * Set PLAYGROUND_PORT to choose the Playground's port (default 56150) and PORT for the bot's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const botPort = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const children: ChildProcess[] = [];

function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => {
    process.stdout.write(`${command} exited (${code ?? 'signal'}); stopping.\n`);
    stopAll(code ?? 0);
  });
  return child;
}

function stopAll(code: number): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the bot did not answer ${url} in time`);
}

async function main(): Promise<void> {
  start(process.execPath, [join(root, 'dist', 'bot', 'index.js')], { PORT: String(botPort) });
  await waitForHealth(`http://127.0.0.1:${botPort}/healthz`, 30_000);
  start(
    process.execPath,
    [
      join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
      '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`,
      '--channel-id', 'msteams',
      '--port', String(playgroundPort),
      '--disable-telemetry',
    ],
    // Never let the Playground try to open a browser on a server; its own errors go to ./devTools/.
    { TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none' },
  );
  process.stdout.write(`\nAgents Playground: http://localhost:${playgroundPort}  (bot: http://127.0.0.1:${botPort}/api/messages)\n`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  stopAll(1);
});
