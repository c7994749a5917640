import { numbered, SeedOurSolutionsSource, SolutionCatalog, type OurSolutionsSource } from '../../../services/solutions/solutionCatalog';

describe('SolutionCatalog', () => {
  it('offers our seed solutions, Microsoft\'s and other partners\' co-sell-ready solutions, each once', async () => {
    const lists = await SolutionCatalog.shipped(new SeedOurSolutionsSource()).lists('tenant-a');
    expect(lists.ours.length).toBeGreaterThan(0);
    expect(lists.microsoft.every((s) => s.kind === 'Microsoft' && s.publisherName === 'Microsoft')).toBe(true);
    expect(lists.partners.every((s) => s.kind === 'ThirdParty' && s.publisherName && s.publisherName !== 'Microsoft')).toBe(true);
    const ids = numbered(lists).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes our solutions from whichever source is plugged in, per tenant', async () => {
    const fromOffers: OurSolutionsSource = { list: async (tenantId) => [{ id: `offer-${tenantId}`, name: 'Readiness-backed offer', kind: 'OurCompany' }] };
    const lists = await SolutionCatalog.shipped(fromOffers).lists('tenant-b');
    expect(lists.ours).toEqual([{ id: 'offer-tenant-b', name: 'Readiness-backed offer', kind: 'OurCompany' }]);
    expect(numbered(lists)[0]?.id).toBe('offer-tenant-b');
  });
});
