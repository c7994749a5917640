import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { buildAppPackage } from '../../scripts/appPackage/buildAppPackage';
import { iconProblems, isWhiteOnTransparent } from '../../scripts/appPackage/checkIcons';
import { fillManifest, placeholdersIn, placeholderValues } from '../../scripts/appPackage/fillManifest';
import { BRAND_COLOR, drawColorIcon, drawOutlineIcon, encodePng } from '../../scripts/appPackage/icons';
import { type PackageSettings, parsePackageEnv } from '../../scripts/appPackage/packageEnv';
import { APP_PACKAGE_DIR, MANIFEST_TEMPLATE_PATH, REPO_ROOT } from '../../scripts/appPackage/paths';
import { deriveTeamsAppId } from '../../scripts/appPackage/teamsAppId';
import { draft04OnlyKeywords, stableTeamsSchemaVersions, teamsSchemaPath, validateTeamsManifest } from '../../scripts/appPackage/validateManifest';

const BOT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const TEAMS_APP_ID = '9b2d6f3c-1e4a-4b5c-8d7e-0f1a2b3c4d5e';
const SAMPLE: PackageSettings = { botId: BOT_ID, botDomain: 'cosell.example.net', teamsAppId: TEAMS_APP_ID };
const COMMANDS = ['new deal', 'inbound', 'outbound', 'favorites', 'offers', 'help'];

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}
interface Manifest {
  manifestVersion: string;
  id: string;
  accentColor: string;
  icons: { color: string; outline: string };
  name: { short: string };
  bots: { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists: CommandList[] }[];
  validDomains: string[];
  developer: Record<string, string>;
}

const template: unknown = JSON.parse(readFileSync(MANIFEST_TEMPLATE_PATH, 'utf8'));
const filled = fillManifest(template, placeholderValues(SAMPLE)) as Manifest;
const readPng = (file: string): PNG => PNG.sync.read(readFileSync(join(APP_PACKAGE_DIR, file)));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('Teams manifest', () => {
  it('uses a numbered (not preview) schema version that @microsoft/app-manifest ships', () => {
    expect(stableTeamsSchemaVersions()).toContain(filled.manifestVersion);
    expect((template as { $schema: string }).$schema).toContain(`/teams/v${filled.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(readFileSync(teamsSchemaPath(filled.manifestVersion), 'utf8')).toContain(`"const": "${filled.manifestVersion}"`);
  });

  it('is valid against the official schema once filled with sample values', () => {
    expect(validateTeamsManifest(filled)).toEqual([]);
  });

  it('puts the bot id, app id and domain where Teams expects them, and leaves no placeholder', () => {
    expect(placeholdersIn(template).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    expect(JSON.stringify(filled)).not.toContain('${{');
    expect(filled.id).toBe(TEAMS_APP_ID);
    expect(filled.bots[0]?.botId).toBe(BOT_ID);
    expect(filled.validDomains).toEqual(['cosell.example.net']);
    for (const url of Object.values(filled.developer).filter((v) => v.startsWith('http'))) {
      expect(url).toMatch(/^https:\/\/cosell\.example\.net(\/|$)/);
    }
  });

  it('refuses to fill a placeholder it has no value for', () => {
    expect(() => fillManifest({ a: '${{NOPE}}' }, placeholderValues(SAMPLE))).toThrow(/\$\{\{NOPE\}\}/);
  });

  it('reports what is wrong with an invalid manifest, naming the field', () => {
    const broken = clone(filled);
    broken.name.short = 'A name far longer than thirty characters';
    broken.bots[0]!.botId = 'not-a-guid';
    const errors = validateTeamsManifest(broken);
    expect(errors.some((e) => e.startsWith('/name/short'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
    expect(validateTeamsManifest({ ...filled, surprise: true }).join('\n')).toMatch(/surprise/);
    expect(validateTeamsManifest({ ...filled, manifestVersion: '1.2x' })).not.toEqual([]);
  });

  it('relies on no draft-04-only keyword, so validating it with draft-07 rules is sound', () => {
    const schema: unknown = JSON.parse(readFileSync(teamsSchemaPath(filled.manifestVersion), 'utf8'));
    expect(draft04OnlyKeywords(schema)).toEqual([]);
    expect(draft04OnlyKeywords({ properties: { n: { minimum: 0, exclusiveMinimum: true } } })).toEqual(['#/properties/n/exclusiveMinimum']);
  });

  it('offers one bot in personal, team and group chat scopes that accepts files', () => {
    expect(filled.bots).toHaveLength(1);
    expect([...filled.bots[0]!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(filled.bots[0]!.supportsFiles).toBe(true);
  });

  it.each(['personal', 'team', 'groupChat'])('lists every command, each with a description, in the %s scope', (scope) => {
    const lists = filled.bots[0]!.commandLists.filter((l) => l.scopes.includes(scope));
    expect(lists).toHaveLength(1);
    const commands = lists[0]!.commands;
    expect(commands.map((c) => c.title)).toEqual(COMMANDS);
    for (const c of commands) expect(c.description?.trim()).toBeTruthy();
  });

  it('uses the brand color of the icon as its accent color', () => {
    expect(filled.accentColor.toLowerCase()).toBe(BRAND_COLOR.toLowerCase());
  });
});

describe('Teams app icons', () => {
  it('has a 192x192 opaque color icon and a 32x32 outline icon', () => {
    const color = readPng(filled.icons.color);
    const outline = readPng(filled.icons.outline);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    for (let o = 3; o < color.data.length; o += 4) if (color.data[o] !== 255) throw new Error(`transparent pixel at ${(o - 3) / 4}`);
  });

  it('draws the outline icon in white on transparent only, with a visible motif', () => {
    const outline = readPng(filled.icons.outline);
    expect(isWhiteOnTransparent(outline)).toBe(true);
    const alphas = new Set<number>();
    for (let o = 3; o < outline.data.length; o += 4) alphas.add(outline.data[o]!);
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });

  it('checks in exactly what scripts/generateIcons.ts draws', () => {
    expect(readPng(filled.icons.color).data.equals(drawColorIcon().data)).toBe(true);
    expect(readPng(filled.icons.outline).data.equals(drawOutlineIcon().data)).toBe(true);
  });

  it('flags an outline icon with a colored pixel, and icons of the wrong size', () => {
    const tinted = drawOutlineIcon();
    tinted.data[0] = 200;
    tinted.data[3] = 255;
    expect(isWhiteOnTransparent(tinted)).toBe(false);
    const problems = iconProblems({ color: encodePng(drawOutlineIcon()), outline: encodePng(tinted) });
    expect(problems).toEqual(['color icon must be 192x192, is 32x32', 'outline icon must be white on transparent only']);
  });
});

describe('packaging environment', () => {
  it('refuses a bad BOT_ID with one line that names BOT_ID', () => {
    const result = parsePackageEnv({ BOT_ID: 'my-bot', BOT_DOMAIN: 'cosell.example.net' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^BOT_ID\b/);
    expect(result.errors[0]).not.toContain('\n');
  });

  it('names each missing variable', () => {
    const result = parsePackageEnv({ BOT_ID: '  ' });
    expect(result.ok ? [] : result.errors.map((e) => e.split(' ')[0])).toEqual(['BOT_ID', 'BOT_DOMAIN']);
  });

  it('refuses a BOT_DOMAIN that is a URL rather than a host name', () => {
    const result = parsePackageEnv({ BOT_ID, BOT_DOMAIN: 'https://cosell.example.net/api/messages' });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^BOT_DOMAIN\b/)]);
  });

  it('refuses a TEAMS_APP_ID that is not a GUID', () => {
    const result = parsePackageEnv({ BOT_ID, BOT_DOMAIN: 'cosell.example.net', TEAMS_APP_ID: 'cosell' });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^TEAMS_APP_ID\b/)]);
  });

  it('derives the Teams app id from BOT_ID when TEAMS_APP_ID is not set: stable, distinct, a GUID', () => {
    const result = parsePackageEnv({ BOT_ID: BOT_ID.toUpperCase(), BOT_DOMAIN: 'Cosell.Example.net' });
    expect(result).toEqual({ ok: true, settings: { botId: BOT_ID, botDomain: 'cosell.example.net', teamsAppId: deriveTeamsAppId(BOT_ID) } });
    expect(deriveTeamsAppId(BOT_ID)).toBe(deriveTeamsAppId(BOT_ID));
    expect(deriveTeamsAppId(BOT_ID)).not.toBe(BOT_ID);
    expect(deriveTeamsAppId(BOT_ID)).not.toBe(deriveTeamsAppId('00000000-0000-0000-0000-000000000001'));
    expect(deriveTeamsAppId(BOT_ID)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uses TEAMS_APP_ID when it is set', () => {
    const result = parsePackageEnv({ BOT_ID, BOT_DOMAIN: 'cosell.example.net', TEAMS_APP_ID });
    expect(result.ok && result.settings.teamsAppId).toBe(TEAMS_APP_ID);
  });
});

describe('app package zip', () => {
  it('holds the filled manifest and both icons at its root, and nothing else', async () => {
    const result = await buildAppPackage(SAMPLE);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const zip = await JSZip.loadAsync(result.zip);
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name);
    expect(names.sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(await zip.file('manifest.json')!.async('string'))).toEqual(filled);
    for (const icon of ['color.png', 'outline.png']) {
      expect((await zip.file(icon)!.async('nodebuffer')).equals(readFileSync(join(APP_PACKAGE_DIR, icon)))).toBe(true);
    }
  });

  it('gives the same bytes for the same inputs', async () => {
    const [a, b] = await Promise.all([buildAppPackage(SAMPLE), buildAppPackage(SAMPLE)]);
    expect(a.ok && b.ok && a.zip.equals(b.zip)).toBe(true);
  });

  it('refuses to build from a manifest the schema rejects, or from a bad outline icon', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-apppkg-'));
    try {
      const broken = clone(template) as Manifest;
      broken.name.short = 'A name far longer than thirty characters';
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(broken));
      copyFileSync(join(APP_PACKAGE_DIR, 'color.png'), join(dir, 'color.png'));
      const tinted = drawOutlineIcon();
      tinted.data.fill(0);
      tinted.data[3] = 255;
      writeFileSync(join(dir, 'outline.png'), encodePng(tinted));
      const result = await buildAppPackage(SAMPLE, dir);
      expect(result.ok ? [] : result.errors).toEqual([
        expect.stringMatching(/^\/name\/short /),
        'outline.png must be white on transparent only',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run package', () => {
  it('stops with exit code 1 and a line naming BOT_ID when BOT_ID is not a GUID', () => {
    const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), join('scripts', 'packageApp.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BOT_ID: 'cosell-bot', BOT_DOMAIN: 'cosell.example.net', TEAMS_APP_ID: '', TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^BOT_ID must be a GUID.*"cosell-bot"/)]);
    expect(run.stdout).not.toContain('Wrote');
  });
});
