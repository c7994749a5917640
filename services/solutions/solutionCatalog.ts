import { Solution } from '../opportunities/opportunity';
import microsoftData from './data/microsoftSolutions.json';
import partnerData from './data/partnerSolutions.json';
import ourSeedData from './data/ourSolutionsSeed.json';

export type { Solution };

/**
 * The partner's own co-sell-ready solutions. The seed list stands in until a source backed by the
 * partner's co-sell-ready offers (offer readiness) is plugged in.
 */
export interface OurSolutionsSource {
  list(tenantId: string): Promise<Solution[]>;
}

export class SeedOurSolutionsSource implements OurSolutionsSource {
  constructor(private readonly solutions: ReadonlyArray<Solution> = Solution.array().parse(ourSeedData)) {}

  async list(_tenantId: string): Promise<Solution[]> {
    return this.solutions.map((s) => ({ ...s, kind: 'OurCompany' as const }));
  }
}

/** The three lists a deal's solutions come from, in the order they are offered. */
export interface SolutionLists {
  ours: Solution[];
  microsoft: Solution[];
  partners: Solution[];
}

export class SolutionCatalog {
  constructor(
    private readonly ours: OurSolutionsSource,
    private readonly microsoft: ReadonlyArray<Solution>,
    private readonly partners: ReadonlyArray<Solution>,
  ) {}

  /** Microsoft's and other partners' co-sell-ready solutions from the catalog data shipped with the product. */
  static shipped(ours: OurSolutionsSource): SolutionCatalog {
    return new SolutionCatalog(ours, Solution.array().parse(microsoftData), Solution.array().parse(partnerData));
  }

  async lists(tenantId: string): Promise<SolutionLists> {
    return { ours: await this.ours.list(tenantId), microsoft: [...this.microsoft], partners: [...this.partners] };
  }
}

/** All solutions of the lists in offer order (ours, Microsoft, partners): position + 1 is its number. */
export function numbered(lists: SolutionLists): Solution[] {
  return [...lists.ours, ...lists.microsoft, ...lists.partners];
}
