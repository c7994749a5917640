import { createHash } from 'node:crypto';
import type { Opportunity } from './opportunity';

/**
 * Fields that record the system's own bookkeeping (what is queued, delivered, planned), not
 * anything a person sees on a card. Writing them changes the ETag but not the revision.
 */
const BOOKKEEPING: ReadonlyArray<keyof Opportunity> = ['outbox', 'deadLetters', 'remindersDone', 'nextReminderAt', 'dueDateTime'];

/**
 * The version a card is drawn from: a hash of everything a person can see or act on. Cards carry
 * this rather than the ETag because the sweeper rewrites the document for its own bookkeeping
 * (queueing a reminder, removing a delivered notification): a reminder card posted a moment before
 * that write must still work when clicked. Writes remain conditional on the ETag.
 */
export function revisionOf(o: Opportunity): string {
  // Opportunities are values (every change makes a new object), so one hash per object is enough:
  // a click checks, applies and draws the same version several times.
  const known = revisions.get(o);
  if (known !== undefined) return known;
  const revision = `r${createHash('sha256').update(canonicalJson(o, SKIPPED)).digest('hex').slice(0, 32)}`;
  revisions.set(o, revision);
  return revision;
}

const revisions = new WeakMap<Opportunity, string>();
const SKIPPED: ReadonlySet<string> = new Set(BOOKKEEPING);

/**
 * JSON with object keys sorted and undefined members left out, so equal content hashes equally.
 * `skip` names members of the outermost object to leave out. (Written as loops: it runs on every
 * card drawn and every click.)
 */
export function canonicalJson(value: unknown, skip?: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || skip?.has(key)) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
