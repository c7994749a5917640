import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Versioned } from '../store/documentStore';
import { emptyOrgFacts, nameKeyOf, OfferListing, type Actor, type Offer, type OrgFacts } from './offer';
import type { OfferAccess } from './offerAccess';
import type { OfferContactsRepository } from './offerContactsRepository';
import type { OfferRepository } from './offerRepository';
import type { OrgFactsRepository } from './orgFactsRepository';
import { evaluateReadiness, isCoSellReady, type Readiness } from './readiness';
import { parseOrThrow } from './validation';

export interface OfferWithStatus {
  offer: Offer;
  etag: string;
  readiness: Readiness;
}

/** What a typed offer name found: the offer itself, or the offers whose names contain it. */
export interface OfferLookup {
  exact?: Versioned<Offer>;
  similar: Offer[];
}

/** Creating, changing, finding and rating offers. Changes are for MPN partner admins only. */
export class OfferService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly contacts: OfferContactsRepository,
    private readonly facts: OrgFactsRepository,
    private readonly access: OfferAccess,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, actor: Actor, listing: OfferListing): Promise<Versioned<Offer>> {
    await this.access.assertCanManage(tenantId, actor.userId);
    const valid = parseOrThrow(OfferListing, listing);
    await this.assertNameFree(tenantId, valid.name);
    const now = this.clock.now().toISOString();
    return this.offers.create({
      ...valid,
      id: randomUUID(),
      tenantId,
      nameKey: nameKeyOf(valid.name),
      documents: [],
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      updatedBy: actor,
    });
  }

  /** Applies the form to the version the person saw; ConflictError if someone changed it since. */
  async update(tenantId: string, actor: Actor, offerId: string, etag: string, listing: OfferListing): Promise<Versioned<Offer>> {
    await this.access.assertCanManage(tenantId, actor.userId);
    const valid = parseOrThrow(OfferListing, listing);
    const current = await this.offers.get(tenantId, offerId);
    if (!current) throw new NotFoundError(`offer ${offerId} not found`);
    if (current.etag !== etag) throw new ConflictError(`offer ${offerId} was changed by someone else`);
    await this.assertNameFree(tenantId, valid.name, offerId);
    return this.offers.replace(
      { ...current.value, ...valid, nameKey: nameKeyOf(valid.name), updatedAt: this.clock.now().toISOString(), updatedBy: actor },
      etag,
    );
  }

  get(tenantId: string, offerId: string): Promise<Versioned<Offer> | undefined> {
    return this.offers.get(tenantId, offerId);
  }

  /** Every offer of the tenant in name order, without rating them (for choosing one). */
  async all(tenantId: string): Promise<Offer[]> {
    return (await this.offers.listAll(tenantId)).map((o) => o.value);
  }

  /** The offer with exactly this name (case and spacing aside), else those whose names contain it. */
  async find(tenantId: string, name: string): Promise<OfferLookup> {
    const exact = await this.offers.findByName(tenantId, name);
    if (exact) return { exact, similar: [] };
    const key = nameKeyOf(name);
    const all = await this.offers.listAll(tenantId);
    const similar = all.map((o) => o.value).filter((o) => key !== '' && o.nameKey.includes(key));
    return similar.length === 1 ? { exact: all.find((o) => o.value.id === similar[0]!.id), similar: [] } : { similar };
  }

  /** The offer's status, and how many contacts it has (the status card shows both). */
  async status(tenantId: string, offer: Offer): Promise<{ readiness: Readiness; contactsCount: number }> {
    const [contacts, facts] = await Promise.all([this.contacts.get(tenantId, offer.id), this.orgFacts(tenantId)]);
    const list = contacts?.value.contacts ?? [];
    return { readiness: evaluateReadiness({ offer, contacts: list, facts }), contactsCount: list.length };
  }

  /** A page of offers in name order (after `afterName`, when given), each with its status. */
  async listWithStatus(tenantId: string, pageSize = 20, afterName?: string): Promise<{ items: OfferWithStatus[]; more: boolean }> {
    const [page, facts] = await Promise.all([this.offers.list(tenantId, pageSize, undefined, afterName), this.orgFacts(tenantId)]);
    const items = await Promise.all(page.items.map((o) => this.rate(tenantId, o, facts)));
    return { items, more: page.continuation !== undefined };
  }

  /** Offers that are co-sell ready or better: "our company's solutions" for deals. */
  async coSellReady(tenantId: string): Promise<Offer[]> {
    const [all, facts] = await Promise.all([this.offers.listAll(tenantId), this.orgFacts(tenantId)]);
    const rated = await Promise.all(all.map((o) => this.rate(tenantId, o, facts)));
    return rated.filter((r) => isCoSellReady(r.readiness.status)).map((r) => r.offer);
  }

  private async rate(tenantId: string, o: Versioned<Offer>, facts: OrgFacts): Promise<OfferWithStatus> {
    const contacts = (await this.contacts.get(tenantId, o.value.id))?.value.contacts ?? [];
    return { offer: o.value, etag: o.etag, readiness: evaluateReadiness({ offer: o.value, contacts, facts }) };
  }

  private async orgFacts(tenantId: string): Promise<OrgFacts> {
    return (await this.facts.get(tenantId))?.value ?? emptyOrgFacts(tenantId);
  }

  /**
   * Offer names are how people address offers in chat, so they are unique in a tenant. (Two
   * admins creating the same name in the same instant could both pass; the list shows both and
   * either can be renamed.)
   */
  private async assertNameFree(tenantId: string, name: string, exceptId?: string): Promise<void> {
    const existing = await this.offers.findByName(tenantId, name);
    if (existing && existing.value.id !== exceptId) throw new ValidationError([{ path: 'name', message: 'nameTaken' }]);
  }
}
