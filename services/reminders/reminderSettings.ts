import { z } from 'zod';
import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import { awaitsAnswer } from '../opportunities/dueTime';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import type { TenantSettingsService } from '../settings/tenantSettingsService';
import { validate } from '../validation';
import type { ReminderPolicy } from './reminderSchedule';

/** What an admin may set: up to 10 different whole numbers of days from 1 to 14. */
export const ReminderDays = z
  .array(z.number().int().min(1).max(14))
  .max(10)
  .refine((days) => new Set(days).size === days.length, 'each number of days once');

/** "7,3,1", "7 3 1", "none" → days before expiry, largest first; undefined when unreadable. */
export function parseReminderDays(text: string): number[] | undefined {
  const clean = text.trim().toLowerCase();
  if (clean === 'none' || clean === 'off') return [];
  if (!/^\d+([\s,;]+\d+)*$/.test(clean)) return undefined;
  const parsed = ReminderDays.safeParse(clean.split(/[\s,;]+/).map(Number));
  return parsed.success ? [...parsed.data].sort((a, b) => b - a) : undefined;
}

/**
 * The tenant's reminder schedule. Changing it also asks the sweeper to plan again every referral
 * still waiting for an answer, so the new schedule applies to them from its next run.
 */
export class ReminderSettings {
  constructor(
    private readonly settings: TenantSettingsService,
    private readonly opportunities: OpportunityRepository,
    private readonly clock: Clock,
  ) {}

  policy(tenantId: string): Promise<ReminderPolicy> {
    return this.settings.reminderPolicy(tenantId);
  }

  async setDays(tenantId: string, days: number[], byUserId: string): Promise<ReminderPolicy> {
    const current = await this.settings.reminderPolicy(tenantId);
    const policy: ReminderPolicy = { ...current, daysBefore: validate(ReminderDays, days) };
    await this.settings.setReminderSchedule(tenantId, policy, byUserId);
    await this.replanOpenReferrals(tenantId);
    return policy;
  }

  private async replanOpenReferrals(tenantId: string): Promise<void> {
    const now = this.clock.now().toISOString();
    let continuation: string | undefined;
    do {
      const page = await this.opportunities.list(tenantId, { direction: 'Incoming', status: 'New', pageSize: 100, continuation });
      for (const { value, etag } of page.items) {
        if (!awaitsAnswer(value)) continue;
        try {
          await this.opportunities.replace({ ...value, nextReminderAt: now }, etag);
        } catch (err) {
          // Changed meanwhile: it keeps its planned check and picks up the new schedule then.
          if (!(err instanceof ConflictError)) throw err;
        }
      }
      continuation = page.continuation;
    } while (continuation);
  }
}
