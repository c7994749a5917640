import type { Clock } from '../clock';
import { USER_PREFERENCES } from '../store/collections';
import type { Collection, DocumentStore } from '../store/documentStore';
import type { UserPreferences } from './userPreferences';

export class UserPreferencesRepository {
  private readonly collection: Collection<UserPreferences>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(USER_PREFERENCES);
  }

  async remindersOff(tenantId: string, userId: string): Promise<boolean> {
    return (await this.collection.get(tenantId, userId))?.value.remindersOff ?? false;
  }

  /** Last word wins: a person changing their own switch needs no conflict check. */
  async setReminders(tenantId: string, userId: string, on: boolean): Promise<void> {
    await this.collection.upsert({ id: userId, tenantId, remindersOff: !on, updatedAt: this.clock.now().toISOString() });
  }
}
