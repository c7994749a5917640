import type { ContactPerson } from '../../services/deals/dealDraft';
import type { RecentContacts } from '../../services/deals/recentContacts';
import { cardValues, promptTyped, readCardForm, typedBack, typedFormStep, type FormField, type FormScratch, type FormValues } from '../flow/cardForm';
import type { Ask, Outcome, Question } from '../flow/question';
import { sendCard, stepCard } from '../flow/stepCard';
import { cardAction, cardField, isWord, numbersIn, wordAndNumber, type TurnInput } from '../flow/turnInput';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { localeRegion, personFields } from './fields';
import { Q } from './ids';

type D = DealWorkingDraft;
const MAX_TEAM = 20;
const RECENT_OFFERED = 5;

interface TeamScratch extends FormScratch {
  /** The seller's recent contacts, read once per visit so their numbers stay put. */
  recent?: ContactPerson[];
}

/**
 * Step 3, employees: at least one person (name, phone, email), added one at a time or with one tap
 * from the seller's recent contacts; "done" finishes.
 */
export class TeamStep {
  private readonly fields: FormField<D>[];

  constructor(private readonly recentContacts: RecentContacts) {
    this.fields = personFields(true, (q) => localeRegion(q.tr.locale));
  }

  questions(): Question<D>[] {
    return [
      {
        id: Q.employees,
        step: 'team',
        ask: (q) => this.ask(q),
        receive: (q, input) => this.receive(q, input),
        back: async (q) => {
          if (!typedBack(q.scratch as TeamScratch)) return false;
          await this.ask(q);
          return true;
        },
      },
    ];
  }

  private async ask(q: Ask<D>): Promise<void> {
    const scratch = q.scratch as TeamScratch;
    if (await promptTyped(q, this.fields, scratch)) return;
    const offered = await this.offered(q);
    const card = stepCard(q, 'dealEmployees', {
      team: q.draft.team.map((p, i) => ({ index: String(i + 1), text: q.tr.t('deals.team.member', { name: p.name, email: p.email, phone: p.phoneNumber }) })),
      recent: offered.map(({ person, number }) => ({ number: String(number), title: q.tr.t('deals.team.recent', { number, name: person.name }) })),
      values: scratch.raw ?? cardValues(this.fields, {}),
    });
    await sendCard(q.turn, card);
  }

  private async receive(q: Ask<D>, input: TurnInput): Promise<Outcome> {
    const scratch = q.scratch as TeamScratch;
    const action = cardAction(input);
    // Half-way through typing a person, every text is an answer (even a name like "Done").
    const midPerson = (scratch.typed?.index ?? 0) > 0;
    if (action === 'done' || (!input.value && !midPerson && isWord(q.tr, 'done', input.text))) {
      return q.draft.team.length > 0 ? { kind: 'next' } : { kind: 'reask', problems: [{ key: 'deals.errors.teamRequired' }] };
    }
    if (action === 'addRecent') return this.addRecent(q, [Number(cardField(input, 'number'))]);
    if (action === 'remove') return this.remove(q, Number(cardField(input, 'index')));
    if (input.value) {
      scratch.typed = undefined;
      const { values, problems, raw } = await readCardForm(this.fields, input, q);
      if (problems.length) {
        scratch.raw = raw;
        return { kind: 'reask', problems };
      }
      return this.add(q, values);
    }
    if (!midPerson) {
      const numbers = numbersIn(input.text);
      if (numbers) return this.addRecent(q, numbers);
      const removal = wordAndNumber(input.text);
      if (removal && isWord(q.tr, 'remove', removal.word)) return this.remove(q, removal.number);
    }
    if (!input.text) return { kind: 'reask' };
    const step = await typedFormStep(this.fields, scratch, {}, input.text, q);
    if (step.kind === 'ask') {
      await q.turn.sendActivity(step.text);
      return { kind: 'stay' };
    }
    return this.add(q, step.values);
  }

  private add(q: Ask<D>, values: FormValues): Outcome {
    const scratch = q.scratch as TeamScratch;
    scratch.typed = undefined;
    scratch.raw = undefined;
    const person: ContactPerson = { name: String(values.name), phoneNumber: String(values.phone), email: String(values.email) };
    return this.put(q, [person]);
  }

  private async addRecent(q: Ask<D>, numbers: number[]): Promise<Outcome> {
    const offered = await this.offered(q);
    const people = numbers.map((n) => offered.find((o) => o.number === n)?.person);
    if (people.some((p) => p === undefined)) {
      return { kind: 'reask', problems: [{ key: offered.length ? 'deals.errors.recentNumber' : 'deals.errors.noRecent', vars: { max: offered.length } }] };
    }
    return this.put(q, people as ContactPerson[]);
  }

  /** Adds people, replacing anyone with the same email (their details may have changed). */
  private put(q: Ask<D>, people: ContactPerson[]): Outcome {
    const emails = new Set(people.map((p) => p.email.toLowerCase()));
    const team = [...q.draft.team.filter((p) => !emails.has(p.email.toLowerCase())), ...people];
    if (team.length > MAX_TEAM) return { kind: 'reask', problems: [{ key: 'deals.errors.teamTooLarge', vars: { max: MAX_TEAM } }] };
    q.draft.team = team;
    return { kind: 'reask' };
  }

  private remove(q: Ask<D>, number: number): Outcome {
    if (!Number.isInteger(number) || number < 1 || number > q.draft.team.length) {
      return { kind: 'reask', problems: [{ key: 'deals.errors.removeNumber', vars: { max: q.draft.team.length } }] };
    }
    q.draft.team = q.draft.team.filter((_, i) => i !== number - 1);
    return { kind: 'reask' };
  }

  /** Recent contacts not on the team yet, numbered as they were first offered in this visit. */
  private async offered(q: Ask<D>): Promise<Array<{ number: number; person: ContactPerson }>> {
    const scratch = q.scratch as TeamScratch;
    scratch.recent ??= (await this.recentContacts.list(q.state.context.tenantId, q.state.context.userId)).slice(0, RECENT_OFFERED);
    const onTeam = new Set(q.draft.team.map((p) => p.email.toLowerCase()));
    return scratch.recent.map((person, i) => ({ number: i + 1, person })).filter(({ person }) => !onTeam.has(person.email.toLowerCase()));
  }
}
