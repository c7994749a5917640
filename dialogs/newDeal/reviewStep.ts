import { DealDraft } from '../../services/deals/dealDraft';
import { DealValidationError, problemsOf, type DealProblem } from '../../services/deals/dealProblems';
import type { DealService } from '../../services/deals/dealService';
import { ForbiddenError } from '../../services/errors';
import { expandCard } from '../../cards/cardFactory';
import { referralCard } from '../../cards/referralCards';
import type { Ask, Outcome, Problem, Question } from '../flow/question';
import { sendCard, stepCard } from '../flow/stepCard';
import { cardAction, cardField, isWord, wordAndNumber, type TurnInput } from '../flow/turnInput';
import { createdCardData, duplicateData, summarySections, type Fact } from './dealFacts';
import { toDealDraftInput, type DealWorkingDraft } from './dealWorkingDraft';
import { FIRST_QUESTION, Q, REVIEW_STEP, STEPS } from './ids';

type D = DealWorkingDraft;

interface ReviewScratch {
  /** Open deals like this one, shown before creating another: waiting for "create anyway". */
  duplicates?: Array<{ name: string; facts: Fact[] }>;
}

/** Where a problem found at "Create" is fixed: the step its path belongs to. */
const STEP_OF_PATH: Record<string, string> = {
  customer: 'deals.steps.customer',
  customerContact: 'deals.steps.customer',
  consent: 'deals.steps.customer',
  details: 'deals.steps.details',
  team: 'deals.steps.team',
  solutions: 'deals.steps.solutions',
  help: 'deals.steps.help',
};

/**
 * The summary: "Create", "Edit a step" or "Cancel". Create checks for an open deal with the same
 * customer and an overlapping solution and asks before making another; then one write.
 */
export class ReviewStep {
  constructor(private readonly deals: DealService) {}

  questions(): Question<D>[] {
    return [{ id: Q.summary, step: REVIEW_STEP, ask: (q) => this.ask(q), receive: (q, input) => this.receive(q, input) }];
  }

  private async ask(q: Ask<D>): Promise<void> {
    const scratch = q.scratch as ReviewScratch;
    if (scratch.duplicates) {
      const card = stepCard(q, 'dealDuplicate', { deals: scratch.duplicates }, { titleKey: 'deals.duplicate.title', introKey: 'deals.duplicate.intro', hideBack: true });
      await sendCard(q.turn, card);
      return;
    }
    const steps = STEPS.map((id, i) => ({ id, title: q.tr.t('dialog.numbered', { number: i + 1, text: q.tr.t(`deals.steps.${id}`) }) }));
    await sendCard(q.turn, stepCard(q, 'dealSummary', { sections: summarySections(q.draft, q.tr), steps }));
  }

  private async receive(q: Ask<D>, input: TurnInput): Promise<Outcome> {
    const scratch = q.scratch as ReviewScratch;
    const action = cardAction(input);
    const typed = input.value ? '' : input.text;
    if (scratch.duplicates) {
      if (action === 'createAnyway' || isWord(q.tr, 'yes', typed)) return this.create(q);
      if (action === 'keep' || isWord(q.tr, 'no', typed)) scratch.duplicates = undefined;
      return { kind: 'reask' };
    }
    if (action === 'create' || isWord(q.tr, 'create', typed)) return this.checkAndCreate(q);
    if (action === 'edit') return this.edit(cardField(input, 'step'));
    const said = wordAndNumber(typed);
    const step = said && isWord(q.tr, 'edit', said.word) ? STEPS[said.number - 1] : undefined;
    if (step) return this.edit(step);
    return { kind: 'reask', problems: [{ key: 'deals.summary.howTo' }] };
  }

  private edit(step: string): Outcome {
    const question = FIRST_QUESTION[step as keyof typeof FIRST_QUESTION];
    return question ? { kind: 'goto', question, returnTo: Q.summary } : { kind: 'reask' };
  }

  private async checkAndCreate(q: Ask<D>): Promise<Outcome> {
    const parsed = DealDraft.safeParse(toDealDraftInput(q.draft));
    if (!parsed.success) return { kind: 'reask', problems: problemsOf(parsed.error).map(toProblem) };
    const duplicates = await this.deals.findOpenDuplicates(q.state.context.tenantId, parsed.data);
    if (duplicates.length > 0) {
      (q.scratch as ReviewScratch).duplicates = duplicates.map((o) => duplicateData(o, q.tr));
      return { kind: 'reask' };
    }
    return this.create(q);
  }

  /** One write: on a validation or permission problem nothing is stored and the summary stays. */
  private async create(q: Ask<D>): Promise<Outcome> {
    const { tenantId, userId, userName } = q.state.context;
    (q.scratch as ReviewScratch).duplicates = undefined;
    try {
      const stored = await this.deals.create(toDealDraftInput(q.draft), { tenantId, userId, name: userName });
      const deal = stored.value;
      await sendCard(q.turn, expandCard('dealCreated', createdCardData(deal, q.tr), q.tr));
      // Then the deal's working card, whose buttons (Won, Lost, Edit, Invite Microsoft…) act on it.
      await sendCard(q.turn, referralCard(stored, q.tr, { now: new Date(deal.createdDateTime), canAct: true }));
      return { kind: 'end', result: { opportunityId: deal.id } };
    } catch (err) {
      if (err instanceof DealValidationError) return { kind: 'reask', problems: err.dealProblems.map(toProblem) };
      if (err instanceof ForbiddenError) {
        await q.turn.sendActivity(q.tr.t('deals.errors.forbidden'));
        return { kind: 'end' };
      }
      throw err;
    }
  }
}

function toProblem(p: DealProblem): Problem {
  return { key: p.key, vars: p.vars, field: STEP_OF_PATH[p.path.split('.')[0] ?? ''] };
}
