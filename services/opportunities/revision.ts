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
  const visible: Record<string, unknown> = { ...o };
  for (const field of BOOKKEEPING) delete visible[field];
  const revision = `r${createHash('sha256').update(canonicalJson(visible)).digest('hex').slice(0, 32)}`;
  revisions.set(o, revision);
  return revision;
}

const revisions = new WeakMap<Opportunity, string>();

/** JSON with object keys sorted and undefined members left out, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
