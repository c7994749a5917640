/**
 * Redraws the Teams app icons (deploymentTemplates/appPackage/color.png and outline.png).
 * Usage: npx ts-node scripts/generateIcons.ts
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { drawColorIcon, drawOutlineIcon, encodePng } from './appPackage/icons';
import { APP_PACKAGE_DIR, REPO_ROOT } from './appPackage/paths';

for (const [file, png] of [
  ['color.png', drawColorIcon()],
  ['outline.png', drawOutlineIcon()],
] as const) {
  const path = join(APP_PACKAGE_DIR, file);
  writeFileSync(path, encodePng(png));
  console.log(`Wrote ${relative(REPO_ROOT, path)} (${png.width}x${png.height})`);
}
