import { z } from 'zod';
import { deriveTeamsAppId } from './teamsAppId';

/** What `npm run package` needs from the environment, after validation. */
export interface PackageSettings {
  /** The bot's Microsoft App ID: the client id of its user-assigned managed identity. */
  botId: string;
  /** Host name that serves the bot (the Web App), e.g. cosell.example.net. */
  botDomain: string;
  /** The Teams app's own id. */
  teamsAppId: string;
}

export type PackageEnvResult = { ok: true; settings: PackageSettings } | { ok: false; errors: string[] };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Letters, digits and hyphens, dot-separated, at least two labels; no scheme, port, path or wildcard. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An unset or blank variable counts as missing; values are trimmed. */
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const quoted = (v: unknown): string => JSON.stringify(v);

const BotId = z.preprocess(
  blankToUndefined,
  z
    .string({ error: "BOT_ID is required: the bot's Microsoft App ID (the botId output of the Azure deployment)." })
    .regex(GUID, { error: (iss) => `BOT_ID must be a GUID like 00000000-0000-0000-0000-000000000000, got ${quoted(iss.input)}.` }),
);

const BotDomain = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'BOT_DOMAIN is required: the host name of the bot (the botDomain output of the Azure deployment).' })
    .regex(HOSTNAME, {
      error: (iss) => `BOT_DOMAIN must be a host name like cosell.example.net (no https://, port or path), got ${quoted(iss.input)}.`,
    }),
);

const TeamsAppId = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(GUID, { error: (iss) => `TEAMS_APP_ID must be a GUID when set, got ${quoted(iss.input)}.` })
    .optional(),
);

/** Reads and checks the packaging variables: one line per bad variable, each naming it. */
export function parsePackageEnv(env: Readonly<Record<string, string | undefined>>): PackageEnvResult {
  const errors: string[] = [];
  function read<T>(name: string, schema: z.ZodType<T>): T | undefined {
    const result = schema.safeParse(env[name]);
    if (result.success) return result.data;
    errors.push(result.error.issues[0]?.message ?? `${name} is not valid.`);
    return undefined;
  }
  const botId = read('BOT_ID', BotId);
  const botDomain = read('BOT_DOMAIN', BotDomain);
  const teamsAppId = read('TEAMS_APP_ID', TeamsAppId);
  if (botId === undefined || botDomain === undefined || errors.length > 0) return { ok: false, errors };
  const bot = botId.toLowerCase();
  return {
    ok: true,
    settings: { botId: bot, botDomain: botDomain.toLowerCase(), teamsAppId: (teamsAppId ?? deriveTeamsAppId(bot)).toLowerCase() },
  };
}
