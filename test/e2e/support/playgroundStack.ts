import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startProcess, type StartedProcess } from './childProcess';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Logs, the Playground's own devTools folder and screenshots of a run (gitignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

export interface PlaygroundStack {
  /** The bot's base URL (POST /api/messages, /api/referrals, GET /healthz). */
  botUrl: string;
  /** The Playground's page and API. */
  playgroundUrl: string;
  /** REFERRAL_WEBHOOK_SECRET of this run. */
  webhookSecret: string;
  /** Where this run's logs go. */
  logDir: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * The built bot (dist/, as `npm start` runs it) on a fresh SQLite file and Microsoft 365 Agents
 * Playground pointed at it, each on a free port the process picks itself (port 0, then read
 * from its ready line), so runs never collide with anything else on the machine.
 */
export async function startPlaygroundStack(name: string): Promise<PlaygroundStack> {
  const botEntry = join(REPO_ROOT, 'dist', 'bot', 'index.js');
  if (!existsSync(botEntry)) throw new Error(`${relative(REPO_ROOT, botEntry)} is missing: build first (npm run test:e2e does)`);
  const playgroundCli = join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

  const logDir = join(RESULTS_DIR, name);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'cosell-e2e-'));
  const webhookSecret = randomBytes(24).toString('hex');

  const started: StartedProcess[] = [];
  const stop = async () => {
    for (const p of started.reverse()) await p.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Local mode (no Bot Framework authentication, loopback only) on the embedded store, whatever the caller's environment says.
    for (const key of Object.keys(env)) if (/^(Microsoft|COSMOS_|STORE$|HOST$|PORT$|SQLITE_PATH$)/.test(key)) delete env[key];
    const bot = await startProcess({
      name: 'the bot',
      command: process.execPath,
      args: [botEntry],
      cwd: REPO_ROOT,
      env: { ...env, PORT: '0', SQLITE_PATH: join(dataDir, 'cosell.db'), REFERRAL_WEBHOOK_SECRET: webhookSecret, LOG_LEVEL: 'info' },
      logFile: join(logDir, 'bot.log'),
      ready: /Co-sell Bot listening.*127\.0\.0\.1:(\d+)\/api\/messages/,
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    started.push(bot);
    const botUrl = `http://127.0.0.1:${bot.readyMatch}`;

    const playground = await startProcess({
      name: 'Agents Playground',
      command: process.execPath,
      args: [playgroundCli, '--app-endpoint', `${botUrl}/api/messages`, '--channel-id', 'msteams', '--port', '0', '--disable-telemetry'],
      // Its devTools/ folder lands next to the logs; it must never try to open a browser.
      cwd: logDir,
      env: { ...env, TEAMSAPPTESTER_BROWSER: 'none' },
      logFile: join(logDir, 'playground.log'),
      ready: /Listening on (\d+)/,
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    started.push(playground);
    return { botUrl, playgroundUrl: `http://localhost:${playground.readyMatch}`, webhookSecret, logDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
