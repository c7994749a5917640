import type { Solution } from '../../services/opportunities/opportunity';
import { numbered, type SolutionCatalog, type SolutionLists } from '../../services/solutions/solutionCatalog';
import type { Ask, Outcome, Question } from '../flow/question';
import { sendCard, stepCard } from '../flow/stepCard';
import { cardField, isWord, numbersIn, type TurnInput } from '../flow/turnInput';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { Q } from './ids';

type D = DealWorkingDraft;
const LISTS = ['ours', 'microsoft', 'partners'] as const;

/**
 * Step 4, solutions: at least one, from our company's co-sell-ready solutions, Microsoft's, and
 * other partners' co-sell-ready ones. Every solution has a number, so typing "2, 7" picks too.
 */
export class SolutionsStep {
  constructor(private readonly catalog: SolutionCatalog) {}

  questions(): Question<D>[] {
    return [{ id: Q.solutions, step: 'solutions', ask: (q) => this.ask(q), receive: (q, input) => this.receive(q, input) }];
  }

  private async ask(q: Ask<D>): Promise<void> {
    const lists = await this.catalog.lists(q.state.context.tenantId);
    const chosen = new Set(q.draft.solutions.map((s) => s.id));
    let number = 0;
    const data: Record<string, unknown> = { values: {} };
    const values: Record<string, string> = {};
    for (const list of LISTS) {
      data[list] = lists[list].map((s) => ({ title: this.title(q, ++number, s), value: s.id }));
      values[list] = lists[list].filter((s) => chosen.has(s.id)).map((s) => s.id).join(',');
    }
    data.values = values;
    await sendCard(q.turn, stepCard(q, 'dealSolutions', data));
  }

  private title(q: Ask<D>, number: number, s: Solution): string {
    const text = s.publisherName && s.kind !== 'OurCompany' ? q.tr.t('deals.solutions.byPublisher', { name: s.name, publisher: s.publisherName }) : s.name;
    return q.tr.t('dialog.numbered', { number, text });
  }

  private async receive(q: Ask<D>, input: TurnInput): Promise<Outcome> {
    const lists = await this.catalog.lists(q.state.context.tenantId);
    if (input.value) {
      const ids = new Set(LISTS.flatMap((list) => cardField(input, list).split(',')).filter(Boolean));
      return this.choose(q, numbered(lists).filter((s) => ids.has(s.id)));
    }
    if (isWord(q.tr, 'skip', input.text) && q.draft.solutions.length > 0) return { kind: 'next' };
    return this.chooseByNumber(q, lists, input.text);
  }

  private chooseByNumber(q: Ask<D>, lists: SolutionLists, text: string): Outcome {
    const all = numbered(lists);
    const numbers = numbersIn(text);
    if (!numbers) return { kind: 'reask', problems: [{ key: 'deals.errors.solutionNumbers', vars: { max: all.length } }] };
    const wrong = numbers.find((n) => n < 1 || n > all.length);
    if (wrong !== undefined) return { kind: 'reask', problems: [{ key: 'deals.errors.solutionNumber', vars: { number: wrong, max: all.length } }] };
    return this.choose(q, [...new Set(numbers)].map((n) => all[n - 1]!));
  }

  private choose(q: Ask<D>, solutions: Solution[]): Outcome {
    if (solutions.length === 0) return { kind: 'reask', problems: [{ key: 'deals.errors.solutionsRequired' }] };
    q.draft.solutions = solutions;
    return { kind: 'next' };
  }
}
