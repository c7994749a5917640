import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iconProblems } from './checkIcons';
import { fillManifest, placeholderValues } from './fillManifest';
import type { PackageSettings } from './packageEnv';
import { APP_PACKAGE_DIR } from './paths';
import { validateTeamsManifest } from './validateManifest';

export interface AppPackageFiles {
  manifest: unknown;
  /** Icon file name (as the manifest names it) → PNG bytes. */
  icons: ReadonlyMap<string, Buffer>;
}

export type AppPackageResult = { ok: true; zip: Buffer; manifest: unknown } | { ok: false; errors: string[] };

/** A fixed time stamp for every entry, so the same inputs give a byte-identical zip. */
const ZIP_DATE = new Date(Date.UTC(2024, 0, 1));

/** The zip Teams accepts: manifest.json and the icons at its root. */
export async function zipAppPackage(files: AppPackageFiles): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(files.manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const [name, bytes] of files.icons) zip.file(name, bytes, { date: ZIP_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

function iconNames(manifest: unknown): { color: string; outline: string } {
  const icons = (manifest as { icons?: { color?: unknown; outline?: unknown } } | null)?.icons;
  if (typeof icons?.color !== 'string' || typeof icons.outline !== 'string') {
    throw new Error('manifest.json must name its icons in icons.color and icons.outline');
  }
  return { color: icons.color, outline: icons.outline };
}

/**
 * Fills the manifest template with the settings, checks it against the official Teams schema and
 * the icons against Teams' rules, and only then builds the zip.
 */
export async function buildAppPackage(settings: PackageSettings, sourceDir = APP_PACKAGE_DIR): Promise<AppPackageResult> {
  const template: unknown = JSON.parse(readFileSync(join(sourceDir, 'manifest.json'), 'utf8'));
  const manifest = fillManifest(template, placeholderValues(settings));
  const names = iconNames(manifest);
  const color = readFileSync(join(sourceDir, names.color));
  const outline = readFileSync(join(sourceDir, names.outline));
  const errors = [...validateTeamsManifest(manifest), ...iconProblems({ color, outline }, names)];
  if (errors.length > 0) return { ok: false, errors };
  const icons = new Map([
    [names.color, color],
    [names.outline, outline],
  ]);
  return { ok: true, zip: await zipAppPackage({ manifest, icons }), manifest };
}
