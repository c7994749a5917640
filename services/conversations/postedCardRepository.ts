import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import { POSTED_CARDS } from '../store/collections';
import type { Collection, DocumentStore } from '../store/documentStore';
import type { PostedCard, PostedCards } from './postedCard';

/** Newest cards are kept when a deal has been posted very many times. */
const MAX_CARDS = 100;

export type NewPostedCard = { conversationId: string; activityId: string; eventId?: string };

export class PostedCardRepository {
  private readonly collection: Collection<PostedCards>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(POSTED_CARDS);
  }

  async list(tenantId: string, opportunityId: string): Promise<PostedCard[]> {
    return (await this.collection.get(tenantId, opportunityId))?.value.cards ?? [];
  }

  async record(tenantId: string, opportunityId: string, card: NewPostedCard): Promise<void> {
    await this.recordMany(tenantId, opportunityId, [card]);
  }

  /** Remembers several posts of one deal with one write (re-read and re-applied when another post won the race). */
  async recordMany(tenantId: string, opportunityId: string, cards: ReadonlyArray<NewPostedCard>): Promise<void> {
    if (cards.length === 0) return;
    const postedAt = this.clock.now().toISOString();
    const entries: PostedCard[] = cards.map((card) => ({ ...card, postedAt }));
    const isNew = new Set(cards.map((c) => `${c.conversationId}\n${c.activityId}`));
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.collection.get(tenantId, opportunityId);
      try {
        if (!current) {
          await this.collection.create({ id: opportunityId, tenantId, cards: entries.slice(-MAX_CARDS) });
        } else {
          const others = current.value.cards.filter((c) => !isNew.has(`${c.conversationId}\n${c.activityId}`));
          await this.collection.replace({ ...current.value, cards: [...others, ...entries].slice(-MAX_CARDS) }, current.etag);
        }
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err; // another post of the same deal: re-read and add
      }
    }
    throw new ConflictError(`Could not record the cards posted for ${opportunityId}`);
  }
}
