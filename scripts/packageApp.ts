/**
 * Builds the Teams app package: appPackage/build/cosell-bot.zip.
 * Usage: BOT_ID=<bot app id> BOT_DOMAIN=<host name> [TEAMS_APP_ID=<guid>] npm run package
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildAppPackage } from './appPackage/buildAppPackage';
import { parsePackageEnv } from './appPackage/packageEnv';
import { APP_PACKAGE_BUILD_DIR, APP_PACKAGE_ZIP_PATH, REPO_ROOT } from './appPackage/paths';

async function main(): Promise<number> {
  const env = parsePackageEnv(process.env);
  if (!env.ok) {
    for (const line of env.errors) console.error(line);
    return 1;
  }
  const result = await buildAppPackage(env.settings);
  if (!result.ok) {
    console.error('The Teams app package is not valid:');
    for (const line of result.errors) console.error(`  ${line}`);
    return 1;
  }
  mkdirSync(APP_PACKAGE_BUILD_DIR, { recursive: true });
  writeFileSync(APP_PACKAGE_ZIP_PATH, result.zip);
  const { botId, botDomain, teamsAppId } = env.settings;
  console.log(`Wrote ${relative(REPO_ROOT, APP_PACKAGE_ZIP_PATH)} (Teams app ${teamsAppId}, bot ${botId} at ${botDomain})`);
  console.log('Upload it in Teams: Apps > Manage your apps > Upload an app.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
