import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, found by walking up (works from ts-node and from dist/). */
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(__dirname);

/** Sources of the Teams app package: manifest template and icons (checked in). */
export const APP_PACKAGE_DIR = join(REPO_ROOT, 'deploymentTemplates', 'appPackage');
export const MANIFEST_TEMPLATE_PATH = join(APP_PACKAGE_DIR, 'manifest.json');

/** Where `npm run package` writes the zip (gitignored). */
export const APP_PACKAGE_BUILD_DIR = join(REPO_ROOT, 'appPackage', 'build');
export const APP_PACKAGE_ZIP_PATH = join(APP_PACKAGE_BUILD_DIR, 'cosell-bot.zip');
