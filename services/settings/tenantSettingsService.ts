import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import { TENANT_SETTINGS } from '../store/collections';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '../reminders/reminderSchedule';
import type { Collection, DocumentStore } from '../store/documentStore';
import type { TenantSettings } from './tenantSettings';

export class TenantSettingsService {
  private readonly collection: Collection<TenantSettings>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(TENANT_SETTINGS);
  }

  async get(tenantId: string): Promise<TenantSettings> {
    return (await this.collection.get(tenantId, 'settings'))?.value ?? { id: 'settings', tenantId };
  }

  setReferralsChannel(tenantId: string, conversationId: string, byUserId: string): Promise<TenantSettings> {
    const at = this.clock.now().toISOString();
    return this.change(tenantId, (s) => ({ ...s, referralsChannel: { conversationId, setByUserId: byUserId, setAt: at } }));
  }

  clearReferralsChannel(tenantId: string): Promise<TenantSettings> {
    return this.change(tenantId, (s) => ({ ...s, referralsChannel: undefined }));
  }

  /** The tenant's reminder schedule, or the default one. */
  async reminderPolicy(tenantId: string): Promise<ReminderPolicy> {
    const s = (await this.get(tenantId)).reminderSchedule;
    return s ? { daysBefore: s.daysBefore, lastMorningHour: s.lastMorningHour } : DEFAULT_REMINDER_POLICY;
  }

  setReminderSchedule(tenantId: string, policy: ReminderPolicy, byUserId: string): Promise<TenantSettings> {
    const at = this.clock.now().toISOString();
    return this.change(tenantId, (s) => ({ ...s, reminderSchedule: { ...policy, setByUserId: byUserId, setAt: at } }));
  }

  private async change(tenantId: string, apply: (s: TenantSettings) => TenantSettings): Promise<TenantSettings> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.collection.get(tenantId, 'settings');
      try {
        if (!current) return (await this.collection.create(apply({ id: 'settings', tenantId }))).value;
        return (await this.collection.replace(apply(current.value), current.etag)).value;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    throw new ConflictError('Settings are being changed by someone else; try again');
  }
}
