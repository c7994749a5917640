import type { Opportunity } from '../../services/opportunities/opportunity';
import type { Versioned } from '../../services/store/documentStore';
import { cardProblems } from '../helpers/adaptiveCards';
import { ADMIN, cardAction, cardActions, cardTexts, invoke, startHarness, TENANT, type Harness } from '../helpers/botHarness';
import { makeOpportunity } from '../helpers/opportunities';
import { revisionOf } from '../../services/opportunities/revision';

describe('working an accepted deal from its card', () => {
  let h: Harness;
  let deal: Versioned<Opportunity>;

  beforeEach(async () => {
    h = await startHarness();
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
    deal = await h.opportunities.create(
      makeOpportunity({
        id: 'deal-1',
        tenantId: TENANT,
        direction: 'Outgoing',
        type: 'Independent',
        status: 'Active',
        substatus: 'Accepted',
        expirationDateTime: undefined,
        dueDateTime: undefined,
        team: [{ firstName: 'Avery', lastName: 'Admin', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' }],
      }),
    );
  });
  afterEach(() => h.close());

  const ids = () => ({ referralId: 'deal-1', tenantId: TENANT, version: revisionOf(deal.value) });
  const current = async () => (await h.opportunities.get(TENANT, 'deal-1'))!;
  const openAndSubmit = async (formVerb: string, fields: Record<string, string>) => {
    const form = await invoke(h, cardAction(formVerb, ids()));
    expect(cardProblems(form.body.value)).toEqual([]);
    const submit = cardActions(form.body.value)[0]!;
    return invoke(h, cardAction(submit.verb!, { ...submit.data, ...fields }));
  };

  it('the private pipeline deal card offers Invite Microsoft', async () => {
    const card = await invoke(h, cardAction('referral.view', { referralId: 'deal-1', tenantId: TENANT }));
    expect(cardActions(card.body.value).map((a) => a.title)).toContain('Invite Microsoft');
  });

  it('Edit changes the deal details', async () => {
    const res = await openAndSubmit('referral.editForm', {
      name: 'Contoso renewal',
      dealValue: '99000.50',
      currency: 'EUR',
      closingDate: '2027-06-30',
      notes: 'Budget approved',
      crmId: '',
      campaignId: 'CMP-1',
    });
    expect(cardTexts(res.body.value)[0]).toBe('Saved.');
    expect((await current()).value).toMatchObject({
      name: 'Contoso renewal',
      campaignId: 'CMP-1',
      details: { dealValue: 99000.5, currency: 'EUR', closingDateTime: '2027-06-30T00:00:00.000Z', notes: 'Budget approved' },
    });
  });

  it('Edit refuses a close date in the past', async () => {
    const res = await openAndSubmit('referral.editForm', {
      name: 'X',
      dealValue: '1',
      currency: 'USD',
      closingDate: '2026-01-01',
      notes: '',
      crmId: '',
      campaignId: '',
    });
    expect(cardTexts(res.body.value)).toContain('Pick a date that is today or later.');
    expect((await current()).etag).toBe(deal.etag);
  });

  it('Add employee adds a complete person, and refuses an incomplete one', async () => {
    const bad = await openAndSubmit('referral.addEmployeeForm', { employeeName: 'Sam Lee', employeeEmail: '', employeePhone: '+1 206 555 0199' });
    expect(cardTexts(bad.body.value)).toContain('Enter a valid email address.');
    const res = await openAndSubmit('referral.addEmployeeForm', {
      employeeName: 'Sam Lee',
      employeeEmail: 'sam.lee@fabrikam.example',
      employeePhone: '+1 206 555 0199',
    });
    expect(cardTexts(res.body.value)[0]).toBe('Employee added.');
    expect((await current()).value.team.map((p) => p.email)).toEqual(['avery@fabrikam.example', 'sam.lee@fabrikam.example']);
  });

  it('Edit solutions removes and adds solutions, keeping at least one', async () => {
    const none = await openAndSubmit('referral.solutionsForm', {
      keepSolutions: '',
      solutionName: '',
      solutionPublisher: '',
      solutionKind: '',
      solutionRegistration: 'false',
    });
    expect(cardTexts(none.body.value)).toContain('Keep at least one solution, or add one.');
    const res = await openAndSubmit('referral.solutionsForm', {
      keepSolutions: '',
      solutionName: 'Fabrikam Lakehouse',
      solutionPublisher: 'Fabrikam',
      solutionKind: 'OurCompany',
      solutionRegistration: 'true',
    });
    expect(cardTexts(res.body.value)[0]).toBe('Solutions saved.');
    expect((await current()).value.details.requirements.solutions).toEqual([
      expect.objectContaining({ name: 'Fabrikam Lakehouse', publisherName: 'Fabrikam', kind: 'OurCompany', requiresDealRegistration: true }),
    ]);
  });

  it('Invite Microsoft needs help, notes, a customer contact and consent; then it is a co-sell deal', async () => {
    const noConsent = await openAndSubmit('referral.inviteForm', {
      helpCodes: '3,4',
      helpNotes: 'We need a PoC and pricing help.',
      contactName: 'Dana Reyes',
      contactEmail: 'dana.reyes@contoso.example',
      contactPhone: '+1 206 555 0100',
      consent: 'false',
    });
    expect(cardTexts(noConsent.body.value)).toContain("Microsoft can only be invited with the customer's consent to share the contact.");
    const res = await openAndSubmit('referral.inviteForm', {
      helpCodes: '3,4',
      helpNotes: 'We need a PoC and pricing help.',
      contactName: 'Dana Reyes',
      contactEmail: 'dana.reyes@contoso.example',
      contactPhone: '+1 206 555 0100',
      consent: 'true',
    });
    expect(cardTexts(res.body.value)[0]).toBe('Microsoft was invited: this is now a co-sell deal.');
    expect(cardActions(res.body.value).map((a) => a.title)).not.toContain('Invite Microsoft');
    expect((await current()).value).toMatchObject({
      type: 'Shared',
      inviteContext: { helpCodes: [3, 4], notes: 'We need a PoC and pricing help.' },
      consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
      expirationDateTime: '2026-11-19T09:00:00.000Z',
    });
  });
});
