/**
 * Card expansion: the referral card (referralCard, a received referral with sender notes and five
 * facts, en-US) drawn CARD_RUNS times (default 20,000) with the compiled template that expandCard
 * uses, and with adaptivecards-templating's Template.expand as expandCard used it before, in the
 * same process, CARD_ROUNDS rounds each after a warm-up (default 5; the best round counts). Two
 * figures per side: the expansion alone (the template on the data referralCard prepares) and the
 * whole referralCard call. Both sides must give the same card, or the benchmark stops.
 * Run: tsc -p tsconfig.bench.json && node dist/bench/cardExpansion.js. Prints figures; asserts nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as ACData from 'adaptivecards-templating';
import * as cardFactory from '../cards/cardFactory';
import { compileTemplate } from '../cards/compiledTemplate';
import { referralCard } from '../cards/referralCards';
import { Translator } from '../services/i18n/catalog';
import { makeOpportunity } from '../test/helpers/opportunities';
import { fmt, ratio } from './report';

const runs = Number(process.env.CARD_RUNS ?? 20_000);
const rounds = Number(process.env.CARD_ROUNDS ?? 5);

type ExpandCard = typeof cardFactory.expandCard;
const factory = cardFactory as { expandCard: ExpandCard };

/**
 * Runs `work` with expandCard swapped for `expand` (referralCard reads the module's export at
 * each call), so the same builder can be timed over either expander.
 */
function withExpandCard<T>(expand: ExpandCard, work: () => T): T {
  const own = factory.expandCard;
  factory.expandCard = expand;
  try {
    return work();
  } finally {
    factory.expandCard = own;
  }
}

/** expandCard as it was before the compiler: a parsed Template per name, expanded by the library. */
const parsed = new Map<string, ACData.Template>();
const libraryExpandCard: ExpandCard = (name, data, tr) => {
  let template = parsed.get(name);
  if (!template) parsed.set(name, (template = new ACData.Template((cardFactory.TEMPLATES as Record<string, object>)[name])));
  return template.expand({ $root: { ...data, t: tr.strings() } }) as cardFactory.AdaptiveCardJson;
};

/** Best microseconds per call of `work` over the rounds, after a warm-up. */
function microseconds(work: () => unknown): number {
  for (let i = 0; i < Math.min(runs, 2_000); i++) work();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < runs; i++) work();
    best = Math.min(best, ((performance.now() - start) * 1000) / runs);
  }
  return best;
}

export interface CardFigures {
  /** Microseconds per card with adaptivecards-templating (as expandCard used it before). */
  library: number;
  /** Microseconds per card with the compiled template (what expandCard uses now). */
  compiled: number;
}

export interface CardBenchResult {
  template: string;
  runs: number;
  rounds: number;
  /** The template on the data referralCard prepares. */
  expansion: CardFigures;
  /** The whole referralCard call: data preparation (translation, formatting) and expansion. */
  referralCard: CardFigures;
}

export function runCardBenchmark(): CardBenchResult {
  const tr = new Translator('en-US');
  const now = new Date('2026-11-05T09:00:00.000Z');
  const referral = {
    value: makeOpportunity({ inviteContext: { notes: 'Please call the CIO first.', invitedBy: { name: 'Sam Seller', organizationName: 'Microsoft' } } }),
    etag: 'etag-1',
  };
  const options = { now, canAct: true };
  const draw = () => referralCard(referral, tr, options);

  // The data referralCard hands to expandCard, caught once.
  let caught: { name: string; root: unknown } | undefined;
  withExpandCard((name, data, t) => {
    caught = { name, root: { ...data, t: t.strings() } };
    return libraryExpandCard(name, data, t);
  }, draw);
  if (!caught) throw new Error('referralCard did not expand a template');
  const { name, root } = caught;
  const template = (cardFactory.TEMPLATES as Record<string, object>)[name]!;
  const library = new ACData.Template(template);
  const compiled = compileTemplate(template);
  if (!isDeepStrictEqual(compiled(root), library.expand({ $root: root })) || !isDeepStrictEqual(draw(), withExpandCard(libraryExpandCard, draw))) {
    throw new Error('the compiled template and the library gave different cards');
  }

  return {
    template: name,
    runs,
    rounds,
    expansion: { library: microseconds(() => library.expand({ $root: root })), compiled: microseconds(() => compiled(root)) },
    referralCard: { library: withExpandCard(libraryExpandCard, () => microseconds(draw)), compiled: microseconds(draw) },
  };
}

export function printCards(result: CardBenchResult): void {
  const out = (line = '') => process.stdout.write(line + '\n');
  const row = (label: string, f: CardFigures) => out(`${label.padEnd(26)}${fmt(f.library, 2)}  ${fmt(f.compiled, 2)}  ${ratio(f.compiled, f.library).padStart(17)}  ${ratio(f.library, f.compiled).padStart(9)}`);
  out(`\nCard expansion: ${result.template} (referralCard), µs per card, best of ${result.rounds} rounds of ${result.runs.toLocaleString('en-US')}`);
  out(`${''.padEnd(26)}${'library'.padStart(9)}  ${'compiled'.padStart(9)}  ${'compiled/library'.padStart(17)}  ${'speed-up'.padStart(9)}`);
  row('template expansion alone', result.expansion);
  row('whole referralCard()', result.referralCard);
}

if (require.main === module) printCards(runCardBenchmark());
