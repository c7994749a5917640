import { UnsupportedTemplate } from './templateExpressionParser';

/**
 * What the expressions of one `$data` level read: the root, the current data and `$index`, and the
 * values of the paths the template binds at that level, read once when the scope is entered.
 */
export interface Scope {
  readonly root: unknown;
  readonly data: unknown;
  readonly index: unknown;
  /** Values of the paths bound from `$root` (and from the data of the root level), by slot. */
  readonly rootValues: unknown[];
  /** Values of the paths bound from the current data, by slot (rootValues at the root level). */
  readonly values: unknown[];
}

interface PathNode {
  readonly name: string;
  readonly slot: number;
  readonly kids: PathNode[];
  readonly byName: Map<string, PathNode>;
  readonly byLower: Map<string, PathNode>;
  readonly lengths: Set<number>;
  /** The scan that last filled this node's slot (see `resolve`). */
  mark: number;
}

const NONE: unknown[] = [];
let scans = 0;

/**
 * The paths bound at one `$data` level, as a tree: each object on the way is read once per scope
 * with one pass over its keys, instead of once per binding. The reading rule is the library's
 * (adaptive-expressions' accessProperty): nothing from a falsy value; otherwise the first own key,
 * in Object.keys order, equal to the name ignoring case (and for a Map, the exact key first).
 */
export class PathTree {
  private readonly top = newNode('', -1);
  private size = 0;

  /** The slot where `read` puts the value at `names` (names are ASCII identifiers). */
  slot(names: ReadonlyArray<string>): number {
    let node = this.top;
    for (const name of names) {
      let kid = node.byName.get(name);
      if (!kid) {
        // Two spellings of one name read the same key from an object but not from a Map: rare
        // enough to leave to the library.
        if (node.byLower.has(name.toLowerCase())) throw new UnsupportedTemplate(`${names.join('.')}: two spellings of one name`);
        kid = newNode(name, this.size++);
        node.kids.push(kid);
        node.byName.set(name, kid);
        node.byLower.set(name.toLowerCase(), kid);
        node.lengths.add(name.length);
      }
      node = kid;
    }
    return node.slot;
  }

  /** The values of every bound path under `data`, by slot. */
  read(data: unknown): unknown[] {
    if (this.size === 0) return NONE;
    const values = new Array<unknown>(this.size);
    resolve(values, this.top, data);
    return values;
  }
}

function newNode(name: string, slot: number): PathNode {
  return { name, slot, kids: [], byName: new Map(), byLower: new Map(), lengths: new Set(), mark: 0 };
}

/** Fills the slots of `node`'s descendants from `instance`; slots left unset read as undefined. */
function resolve(values: unknown[], node: PathNode, instance: unknown): void {
  if (!instance || (typeof instance !== 'object' && typeof instance !== 'function')) return;
  const kids = node.kids;
  if (instance instanceof Map) {
    for (const kid of kids) values[kid.slot] = mapProperty(instance, kid.name);
  } else {
    // for…in visits own keys in Object.keys order (inherited ones last, skipped) without building
    // an array; a key matches only a name of its length (no character lower-cases to ASCII with a
    // change of length), and the first key to match a name wins.
    const mark = ++scans;
    let missing = kids.length;
    for (const key in instance) {
      const kid = node.byName.get(key) ?? (node.lengths.has(key.length) ? node.byLower.get(key.toLowerCase()) : undefined);
      if (kid === undefined || kid.mark === mark || !Object.prototype.hasOwnProperty.call(instance, key)) continue;
      kid.mark = mark;
      values[kid.slot] = (instance as Record<string, unknown>)[key];
      if (--missing === 0) break;
    }
  }
  for (const kid of kids) if (kid.kids.length > 0) resolve(values, kid, values[kid.slot]);
}

function mapProperty(map: Map<unknown, unknown>, name: string): unknown {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const key of map.keys()) if ((key as string).toLowerCase() === lower) return map.get(key);
  return undefined;
}
