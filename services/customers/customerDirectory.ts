import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import { DirectoryCustomer, dealRef, dunsRef, foldName, type CustomerMatch } from './customer';
import type { KnownCustomers } from './knownCustomers';
import directoryData from './data/directory.json';

export interface CustomerLocation {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** City or state/province; empty means the whole country. */
  city?: string;
}

/** Where customer suggestions come from: this partner's known customers, then the directory data set. */
export class CustomerDirectory {
  private readonly byDuns: Map<string, DirectoryCustomer>;

  constructor(
    private readonly entries: ReadonlyArray<DirectoryCustomer>,
    private readonly known: KnownCustomers,
    private readonly opportunities: OpportunityRepository,
  ) {
    this.byDuns = new Map(entries.map((e) => [e.duns, e]));
  }

  /** The directory data set shipped with the product (services/customers/data/directory.json). */
  static shipped(known: KnownCustomers, opportunities: OpportunityRepository): CustomerDirectory {
    return new CustomerDirectory(DirectoryCustomer.array().parse(directoryData), known, opportunities);
  }

  /**
   * Customers in the location whose name contains the text (or whose words start with its words),
   * best matches first: exact name, then name start, then the rest; known customers before others.
   */
  async search(tenantId: string, location: CustomerLocation, text: string, limit = 10): Promise<CustomerMatch[]> {
    const query = foldName(text);
    const candidates = (await this.candidates(tenantId)).filter((c) => inLocation(c, location));
    const scored = candidates
      .map((c) => ({ c, score: query ? score(foldName(c.name), query) : 1 }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || Number(b.c.known) - Number(a.c.known) || a.c.name.localeCompare(b.c.name) || (a.c.duns ?? '').localeCompare(b.c.duns ?? ''));
    return scored.slice(0, limit).map((s) => s.c);
  }

  /** Customers in the location that this partner already has deals with. */
  async knownIn(tenantId: string, location: CustomerLocation, limit = 15): Promise<CustomerMatch[]> {
    const known = await this.known.list(tenantId);
    return known.filter((c) => inLocation(c, location)).slice(0, limit);
  }

  /** Resolves what a card choice carried (`duns:…` or `deal:…`); undefined when it names nothing. */
  async resolve(tenantId: string, ref: string): Promise<CustomerMatch | undefined> {
    const [kind, id] = splitRef(ref);
    if (kind === 'duns' && id) return this.findByDuns(tenantId, id);
    if (kind === 'deal' && id) {
      const found = await this.opportunities.get(tenantId, id);
      if (!found) return undefined;
      const p = found.value.customerProfile;
      return { ref: dealRef(id), name: p.name, address: p.address, known: true };
    }
    return undefined;
  }

  async findByDuns(tenantId: string, duns: string): Promise<CustomerMatch | undefined> {
    const known = (await this.known.list(tenantId)).find((c) => c.duns === duns);
    if (known) return known;
    const entry = this.byDuns.get(duns);
    return entry && fromDirectory(entry, false);
  }

  private async candidates(tenantId: string): Promise<CustomerMatch[]> {
    const known = await this.known.list(tenantId);
    const knownDuns = new Set(known.flatMap((k) => (k.duns ? [k.duns] : [])));
    return [...known, ...this.entries.filter((e) => !knownDuns.has(e.duns)).map((e) => fromDirectory(e, false))];
  }
}

function fromDirectory(e: DirectoryCustomer, known: boolean): CustomerMatch {
  return { ref: dunsRef(e.duns), name: e.name, address: e.address, duns: e.duns, known };
}

function splitRef(ref: string): [string, string | undefined] {
  const at = ref.indexOf(':');
  return at < 0 ? [ref, undefined] : [ref.slice(0, at), ref.slice(at + 1)];
}

function inLocation(c: CustomerMatch, location: CustomerLocation): boolean {
  if (c.address.country !== location.country) return false;
  const wanted = foldName(location.city ?? '');
  if (!wanted) return true;
  return [c.address.city, c.address.state].some((place) => place !== undefined && foldName(place).startsWith(wanted));
}

function score(name: string, query: string): number {
  if (name === query) return 4;
  if (name.startsWith(query)) return 3;
  if (name.includes(query)) return 2;
  const words = name.split(' ');
  return query.split(' ').every((q) => words.some((w) => w.startsWith(q))) ? 1 : 0;
}
