import { hash } from 'node:crypto';
import type { Opportunity } from './opportunity';

/**
 * Fields that record the system's own bookkeeping (what is queued, delivered, planned), not
 * anything a person sees on a card. Writing them changes the ETag but not the revision.
 */
const BOOKKEEPING: ReadonlyArray<keyof Opportunity> = ['outbox', 'deadLetters', 'remindersDone', 'nextReminderAt', 'dueDateTime', 'revision'];

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
  const revision = computed(o);
  revisions.set(o, revision);
  return revision;
}

const revisions = new WeakMap<Opportunity, string>();

function computed(o: Opportunity): string {
  return `r${hash('sha256', canonicalJson(o, SKIPPED)).slice(0, 32)}`;
}

/**
 * The document as stored: with its revision in it (the store calls this on every write, after
 * validation), so a version read back needs no hash. Never trusts a `revision` already there: a
 * changed copy of a stored version still carries the old one.
 */
export function withRevision(o: Opportunity): Opportunity {
  // Not remembered here: both stores hand callers a fresh object read from what they stored.
  return { ...o, revision: computed(o) };
}

/**
 * For a version just read from the store (only there): its stored revision is its revision. One
 * written before revisions were kept has none and is hashed when asked for.
 */
export function knownFromStore(o: Opportunity): void {
  if (o.revision !== undefined) revisions.set(o, o.revision);
}

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
  const { keys, names } = shapeOf(record);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = record[key];
    if (member === undefined || skip?.has(key)) continue;
    out += `${out.length === 1 ? '' : ','}${names[i]}${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** An object's keys in sorted order, with each one's `"key":` already written. */
interface Shape {
  keys: string[];
  names: string[];
}

/**
 * Shapes by the keys' order of appearance: documents are made by the same few schemas, so a few
 * dozen key lists recur and each is sorted once. Bounded, since keys can also come from data.
 */
const shapes = new Map<string, Shape>();

function shapeOf(record: Record<string, unknown>): Shape {
  const own = Object.keys(record);
  const signature = own.join('\u0000');
  let shape = shapes.get(signature);
  // The signature can be the same for other keys (a key containing the separator, or "" alone):
  // the shape fits only when it names exactly this object's keys.
  if (shape && (shape.keys.length !== own.length || !shape.keys.every((k) => Object.hasOwn(record, k)))) shape = undefined;
  if (!shape) {
    const keys = own.sort();
    shape = { keys, names: keys.map((k) => `${JSON.stringify(k)}:`) };
    if (shapes.size < 1_000 && !shapes.has(signature)) shapes.set(signature, shape);
  }
  return shape;
}
