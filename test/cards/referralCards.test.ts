import { TEMPLATES } from '../../cards/cardFactory';
import { INBOX_VERBS, REFERRAL_VERBS, COSELL_VERBS } from '../../cards/cardVerbs';
import { inboxPageCard } from '../../cards/inboxCards';
import { compactReferralCard, referralCard } from '../../cards/referralCards';
import { FORM_FIELDS, referralForm, type FormName } from '../../cards/referralForms';
import { Translator } from '../../services/i18n/catalog';
import { transition } from '../../services/opportunities/lifecycle';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { cardProblems } from '../helpers/adaptiveCards';
import { makeOpportunity } from '../helpers/opportunities';
import { revisionOf } from '../../services/opportunities/revision';

const tr = new Translator('en-US');
const now = new Date('2026-11-05T09:00:00.000Z');
const at = new Date('2026-11-04T09:00:00.000Z');

const received = makeOpportunity({
  id: 'opp-1',
  inviteContext: { notes: 'Please call the CIO first.', invitedBy: { name: 'Sam Seller', organizationName: 'Microsoft' } },
});
const accepted = transition(received, 'accept', { at, byName: 'Avery' }, { team: [{ firstName: 'Avery', lastName: 'Seller', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' }] });
const won = transition(accepted, 'win', { at }, { closingNotes: 'Signed a three-year deal.' });
const declined = transition(received, 'decline', { at }, { declineReason: 3 });
const withRegistration = {
  ...accepted,
  details: { ...accepted.details, requirements: { ...accepted.details.requirements, solutions: [{ id: 's-2', name: 'Azure IP app', requiresDealRegistration: true }] } },
};
const privateDeal = makeOpportunity({ direction: 'Outgoing', type: 'Independent', status: 'Active', substatus: 'Accepted' });
const v = (o: Opportunity) => ({ value: o, etag: 'etag-1' });

type Action = { type: string; verb?: string; title?: string; data?: Record<string, unknown>; mode?: string };
const actions = (card: { actions?: unknown[] }) => (card.actions ?? []) as Action[];
const texts = (card: unknown): string[] => {
  const found: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.text === 'string') found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
};

describe('the referral cards', () => {
  it.each([
    ['Received', received, ['Accept', 'Decline', '♡ Favorite']],
    ['Accepted', accepted, ['Won', 'Lost', 'Edit', '♡ Favorite', 'Add employee', 'Edit solutions']],
    ['Archived (won)', won, ['♡ Favorite']],
    ['Archived (declined)', declined, ['♡ Favorite']],
    ['Accepted private pipeline deal', privateDeal, ['Won', 'Lost', 'Edit', 'Invite Microsoft', '♡ Favorite', 'Add employee', 'Edit solutions']],
  ])('%s card is valid, renders, and offers the stage buttons', (_stage, o, titles) => {
    const card = referralCard(v(o), tr, { now, canAct: true });
    expect(cardProblems(card)).toEqual([]);
    expect(actions(card).map((a) => a.title)).toEqual(titles);
    for (const a of actions(card)) {
      expect(a.type).toBe('Action.Execute');
      expect(a.data).toEqual({ referralId: o.id, tenantId: o.tenantId, version: revisionOf(o) });
    }
  });

  it('shows a seller the facts: customer, value, close date, solutions, sender and their notes', () => {
    const shown = texts(referralCard(v(received), tr, { now, canAct: true })).join('\n');
    const card = JSON.stringify(referralCard(v(received), tr, { now, canAct: true }));
    expect(shown).toContain('Contoso Pharmaceuticals Ltd');
    expect(card).toContain('$250,000.00');
    expect(card).toContain('Mar 31, 2027');
    expect(card).toContain('Fabrikam Analytics for Azure');
    expect(card).toContain('Sam Seller (Microsoft)');
    expect(shown).toContain('Please call the CIO first.');
    expect(shown).toContain('10 days left to respond (by Nov 15, 2026)');
  });

  it('shows the days left prominently when under 3 days remain', () => {
    const late = new Date('2026-11-13T10:00:00.000Z');
    const card = referralCard(v(received), tr, { now: late, canAct: true });
    const block = (card.body as Array<{ text?: string; color?: string; size?: string }>).find((b) => b.text?.includes('day left'));
    expect(block).toMatchObject({ text: '1 day left to respond (by Nov 15, 2026)', color: 'Attention', size: 'Large' });
    const calm = (referralCard(v(received), tr, { now, canAct: true }).body as Array<{ text?: string; color?: string }>).find((b) =>
      b.text?.includes('days left'),
    );
    expect(calm?.color).toBeUndefined();
  });

  it('a viewer card has no buttons and says why when given a notice', () => {
    const card = referralCard(v(received), tr, { now, canAct: false, notice: tr.t('referrals.notices.readOnly') });
    expect(cardProblems(card)).toEqual([]);
    expect(actions(card)).toEqual([]);
    expect(texts(card)[0]).toContain('only MPN partner admins and Referrals admins');
  });

  it('adds a refresh for at most 60 people, so each sees the view of their role', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `29:user-${i}`);
    const card = referralCard(v(received), tr, { now, canAct: true, refreshUserIds: ids });
    expect(cardProblems(card)).toEqual([]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'referral.refresh', data: { referralId: 'opp-1', tenantId: 'tenant-a', version: revisionOf(received) } },
      userIds: ids.slice(0, 60),
    });
  });

  it('the archived card says how it ended', () => {
    expect(texts(referralCard(v(won), tr, { now, canAct: true }))).toEqual(
      expect.arrayContaining(['Won on Nov 4, 2026.', 'Closing notes: Signed a three-year deal.']),
    );
    expect(texts(referralCard(v(declined), tr, { now, canAct: true }))).toContain(
      'Declined on Nov 4, 2026: The customer chose another vendor.',
    );
  });

  it('the compact card is valid and opens the full card in place', () => {
    const card = compactReferralCard(v(received), tr, now);
    expect(cardProblems(card)).toEqual([]);
    expect(actions(card)).toEqual([
      { type: 'Action.Execute', verb: 'referral.view', title: 'Open', data: { referralId: 'opp-1', tenantId: 'tenant-a' } },
    ]);
  });

  it('the inbox page card filters by stage and pages with More', () => {
    const card = inboxPageCard(tr, { request: { view: 'inbound', stage: 'Received' }, empty: false, next: 'token-2' });
    expect(cardProblems(card)).toEqual([]);
    expect(actions(card).map((a) => a.title)).toEqual(['All', 'Received', 'Accepted', 'Archived', 'More']);
    expect(actions(card).at(-1)?.data).toEqual({ view: 'inbound', stage: 'Received', page: 2, continuation: 'token-2' });
    const empty = inboxPageCard(tr, { request: { view: 'favorites' }, empty: true });
    expect(cardProblems(empty)).toEqual([]);
    expect(texts(empty)).toContain('No favorites here yet. Tap the heart on a card to add one.');
  });

  const forms: Array<[FormName, Opportunity]> = [
    ['accept', received],
    ['decline', received],
    ['won', withRegistration],
    ['lost', accepted],
    ['edit', accepted],
    ['addEmployee', accepted],
    ['solutions', accepted],
    ['invite', privateDeal],
  ];
  it.each(forms)('the %s form is valid, has exactly its declared inputs, and shows errors on itself', (form, o) => {
    const card = referralForm(form, v(o), tr, now);
    expect(cardProblems(card)).toEqual([]);
    const inputs: string[] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const e = x as Record<string, unknown>;
        if (typeof e.type === 'string' && e.type.startsWith('Input.')) inputs.push(String(e.id));
        Object.values(e).forEach(walk);
      }
    };
    walk(card.body);
    expect(inputs.sort()).toEqual([...FORM_FIELDS[form]].sort());
    const [submit, cancel] = actions(card);
    expect(submit?.data).toEqual({ referralId: o.id, tenantId: o.tenantId, version: revisionOf(o) });
    expect(cancel).toMatchObject({ verb: 'referral.view', associatedInputs: 'none' });

    const field = FORM_FIELDS[form][0];
    const withError = referralForm(form, v(o), tr, now, { values: { [field]: 'typed' }, errors: { [field]: 'Fix this.' } });
    expect(cardProblems(withError)).toEqual([]);
    expect(texts(withError)).toEqual(expect.arrayContaining(['Please fix the fields marked below.', 'Fix this.']));
    expect(JSON.stringify(withError)).toContain('"value":"typed"');
  });

  it('the won form asks for deal registration only when a solution requires it, and advises waiting 72 hours', () => {
    const plain = JSON.stringify(referralForm('won', v(accepted), tr, now));
    expect(plain).not.toContain('customerTenantId');
    expect(plain).toContain('Microsoft advises waiting 72 hours');
    const later = JSON.stringify(referralForm('won', v(withRegistration), tr, new Date('2026-11-20T09:00:00.000Z')));
    expect(later).toContain('customerTenantId');
    expect(later).not.toContain('Microsoft advises waiting 72 hours');
  });

  it('every verb on every template is a known verb', () => {
    const known = new Set<string>([...Object.values(REFERRAL_VERBS), ...Object.values(INBOX_VERBS), ...Object.values(COSELL_VERBS)]);
    const verbs = JSON.stringify(TEMPLATES).match(/"verb":"[^"]+"/g) ?? [];
    expect(verbs.length).toBeGreaterThan(10);
    for (const v of verbs) expect(known).toContain(v.slice(8, -1));
  });
});
