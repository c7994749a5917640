import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The official Teams manifest schemas shipped in @microsoft/app-manifest, one folder per version. */
export const TEAMS_SCHEMA_DIR = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

export function teamsSchemaPath(manifestVersion: string): string {
  return join(TEAMS_SCHEMA_DIR, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** The numbered (non-preview) schema versions available offline, oldest first. */
export function stableTeamsSchemaVersions(): string[] {
  const numeric = (v: string): number[] => v.split('.').map(Number);
  return readdirSync(TEAMS_SCHEMA_DIR)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort((a, b) => {
      const [a1 = 0, a2 = 0] = numeric(a);
      const [b1 = 0, b2 = 0] = numeric(b);
      return a1 - b1 || a2 - b2;
    });
}

const NOT_SCHEMAS = new Set(['default', 'enum', 'const', 'examples']);

/**
 * The Teams schemas declare draft-04 but use only keywords whose meaning is the same in draft-07
 * (and a few, like `const` and `if`, that only later drafts know), so Ajv's default draft-07
 * validator applies them as their authors meant. Draft-04's boolean exclusiveMinimum/Maximum and
 * `id` are the exceptions; refuse a schema that uses them rather than validate it wrongly.
 */
export function draft04OnlyKeywords(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => draft04OnlyKeywords(s, `${path}/${i}`));
  if (schema === null || typeof schema !== 'object') return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') found.push(`${path}/${key}`);
    if (key === 'id' && typeof value === 'string') found.push(`${path}/id`);
    if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      for (const [name, sub] of Object.entries(value as object)) found.push(...draft04OnlyKeywords(sub, `${path}/${key}/${name}`));
    } else if (!NOT_SCHEMAS.has(key)) {
      found.push(...draft04OnlyKeywords(value, `${path}/${key}`));
    }
  }
  return found;
}

const compiled = new Map<string, ValidateFunction>();

/** The compiled schema of a manifest version, or why there is none. */
function validatorFor(manifestVersion: string): ValidateFunction | string {
  const cached = compiled.get(manifestVersion);
  if (cached) return cached;
  const path = teamsSchemaPath(manifestVersion);
  if (!/^\d+\.\d+$/.test(manifestVersion) || !existsSync(path)) {
    return `/manifestVersion "${manifestVersion}" has no schema in @microsoft/app-manifest (it has ${stableTeamsSchemaVersions().join(', ')})`;
  }
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const unsupported = draft04OnlyKeywords(schema);
  if (unsupported.length > 0) throw new Error(`Teams schema v${manifestVersion} uses draft-04-only keywords: ${unsupported.join(', ')}`);
  // Offline: no meta-schema is fetched; the draft-04 `$schema` is dropped so Ajv uses its own draft-07 meta-schema.
  const { $schema: _draft04, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(body);
  compiled.set(manifestVersion, validate);
  return validate;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const detail = e.keyword === 'additionalProperties' ? ` "${String(e.params['additionalProperty'])}"` : '';
  return `${where} ${e.message ?? e.keyword}${detail}`;
}

/** Checks a filled manifest against the official schema of its manifestVersion; empty when valid. */
export function validateTeamsManifest(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['(root) manifestVersion must be a string such as "1.30"'];
  const validate = validatorFor(version);
  if (typeof validate === 'string') return [validate];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(describe);
}
