import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The services' source (or compiled) tree: every collection's schema is defined in it. */
const SERVICES_ROOT = resolve(__dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []))
    .sort();
}

let computed: string | undefined;

/**
 * Names the code that validates documents: a hash of zod's package (its version) and of every file
 * of the services tree, where all schemas, their refinements and transforms live. The embedded
 * store writes it beside each document it validated, and a row carrying the same tag is read back
 * without running the schema again (this very code accepted it); a row from any other build (older,
 * newer, another zod, or one that changed a single refinement) has another tag, or none, and is
 * validated as before. Computed once per process.
 */
export function codeTag(): string {
  if (computed === undefined) {
    // The validator itself too: another zod may judge the same document differently.
    const hash = createHash('sha256').update(readFileSync(require.resolve('zod/package.json'))).update('\0');
    for (const file of filesUnder(SERVICES_ROOT)) {
      hash.update(relative(SERVICES_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
    computed = `c${hash.digest('hex').slice(0, 32)}`;
  }
  return computed;
}
