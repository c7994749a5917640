import fc from 'fast-check';

/**
 * Shared pieces of the property-based fuzzing: how many cases to run, hostile values, and
 * mutations of valid inputs (which get past the first checks and reach the deeper ones).
 */

function scale(): number {
  const value = Number(process.env.RESILIENCE_SCALE ?? 1);
  return Number.isFinite(value) && value > 0 ? value : 1;
}

/** A property's default case count, times RESILIENCE_SCALE (npm run test:resilience raises it). */
export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * scale()));
}

/** A test's time limit, grown with its case count. */
export function fuzzTimeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, scale()));
}

/** fast-check parameters: the case count, and FUZZ_SEED to replay a failure it reported. */
export function fuzzParameters(base: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRuns: fuzzRuns(base), ...(seed === undefined ? {} : { seed }) };
}

/** Strings that have broken parsers, templates and stores before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\r\n',
  '"',
  '\\',
  "'; DROP TABLE opportunities; --",
  '${t.referrals.stage.Received}',
  '{name}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '😀👍🏽',
  'ﷺ',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  'x'.repeat(5001),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...NASTY_STRINGS),
);

/** Any JSON value, with hostile strings in the mix. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, [], {}) },
);

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

export type Mutation = { kind: 'delete' | 'set' | 'add' | 'wrap'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'set', 'set', 'add', 'wrap'),
  at: fc.nat(),
  key: fc.oneof(nastyString, fc.constantFrom('id', 'tenantId', 'eventType', 'version', 'status', 'extra')),
  value: anyJson,
}) as fc.Arbitrary<Mutation>;

/** Applies mutations to a deep copy: delete a field, set one to any value, add one, or wrap one in an array. */
export function applyMutations(base: unknown, mutations: ReadonlyArray<Mutation>): unknown {
  const root = { value: structuredClone(base) as unknown };
  for (const m of mutations) {
    const paths = [[] as Path, ...pathsOf(root.value)];
    const path = paths[m.at % paths.length]!;
    const parentPath = path.slice(0, -1);
    const last = path[path.length - 1];
    let parent: unknown = root.value;
    for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
    if (path.length === 0) {
      if (m.kind === 'set') root.value = m.value;
      else if (m.kind === 'add' && root.value && typeof root.value === 'object' && !Array.isArray(root.value)) {
        Object.defineProperty(root.value, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      } else if (m.kind === 'wrap') root.value = [root.value];
      continue;
    }
    const container = parent as Record<string | number, unknown>;
    if (m.kind === 'delete') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last!];
    } else if (m.kind === 'set') container[last!] = m.value;
    else if (m.kind === 'wrap') container[last!] = [container[last!]];
    else {
      const target = container[last!];
      // defineProperty, so that keys like "__proto__" become own properties, as JSON.parse makes them.
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      } else container[last!] = { [m.key]: m.value };
    }
  }
  return root.value;
}

/** A valid input changed in one to three places. */
export function mutationsOf(count: { min: number; max: number } = { min: 1, max: 3 }): fc.Arbitrary<Mutation[]> {
  return fc.array(mutation, { minLength: count.min, maxLength: count.max });
}
