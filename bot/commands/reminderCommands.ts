import type { Translator } from '../../services/i18n/catalog';
import type { UserPreferencesRepository } from '../../services/preferences/userPreferencesRepository';
import type { ReminderPolicy } from '../../services/reminders/reminderSchedule';
import { parseReminderDays, type ReminderSettings } from '../../services/reminders/reminderSettings';
import { canManageReferrals } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import { personOf, tenantOf } from '../teamsIdentity';
import type { Command } from './command';

export interface ReminderCommandDeps {
  preferences: UserPreferencesRepository;
  reminders: ReminderSettings;
  roles: RoleService;
}

/** "Unanswered referrals are reminded of 7 days, 3 days and 1 day before they expire, and …". */
export function describeSchedule(policy: ReminderPolicy, tr: Translator): string {
  const days = policy.daysBefore.map((d) => (d === 1 ? tr.t('reminders.schedule.oneDay') : tr.t('reminders.schedule.manyDays', { count: tr.number(d) })));
  const list = new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format(days);
  const start = days.length > 0 ? tr.t('reminders.schedule.days', { days: list }) : tr.t('reminders.schedule.none');
  if (policy.lastMorningHour === null) return start + tr.t('reminders.schedule.noMorning');
  const hour = new Intl.DateTimeFormat(tr.locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, policy.lastMorningHour));
  return start + tr.t('reminders.schedule.morning', { hour });
}

/** "reminders on" / "reminders off" (each person for themselves) and "reminder schedule [days]" (admins). */
export function reminderCommands(deps: ReminderCommandDeps): Command[] {
  const personal: Command = {
    id: 'reminders',
    triggers: ['reminders'],
    helpKey: 'help.commands.reminders',
    async run({ turn, tr, args }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('reminders.personal.noTenant'));
        return;
      }
      const { userId } = personOf(turn);
      const wanted = args.toLowerCase();
      if (wanted === 'on' || wanted === 'off') {
        await deps.preferences.setReminders(tenantId, userId, wanted === 'on');
        await turn.sendActivity(tr.t(wanted === 'on' ? 'reminders.personal.on' : 'reminders.personal.off'));
        return;
      }
      if (wanted) {
        await turn.sendActivity(tr.t('reminders.personal.usage'));
        return;
      }
      const off = await deps.preferences.remindersOff(tenantId, userId);
      await turn.sendActivity(tr.t(off ? 'reminders.personal.statusOff' : 'reminders.personal.statusOn'));
    },
  };

  const schedule: Command = {
    id: 'reminderSchedule',
    triggers: ['reminder schedule'],
    helpKey: 'help.commands.reminderSchedule',
    async run({ turn, tr, args }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('reminders.personal.noTenant'));
        return;
      }
      if (!args) {
        const policy = await deps.reminders.policy(tenantId);
        await turn.sendActivity(`${describeSchedule(policy, tr)}\n\n${tr.t('reminders.schedule.usage')}`);
        return;
      }
      const person = personOf(turn);
      if (!canManageReferrals(await deps.roles.rolesOf(tenantId, person.userId))) {
        await turn.sendActivity(tr.t('reminders.schedule.notAllowed'));
        return;
      }
      const days = parseReminderDays(args);
      if (!days) {
        await turn.sendActivity(tr.t('reminders.schedule.invalid', { text: args }));
        return;
      }
      const policy = await deps.reminders.setDays(tenantId, days, person.userId);
      await turn.sendActivity(tr.t('reminders.schedule.set', { schedule: describeSchedule(policy, tr) }));
    },
  };
  return [personal, schedule];
}
