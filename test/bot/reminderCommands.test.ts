import type { Activity } from 'botbuilder';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { UserPreferencesRepository } from '../../services/preferences/userPreferencesRepository';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import { ADMIN, message, startHarness, TENANT, turn, VIEWER, type Harness } from '../helpers/botHarness';
import { inboundReferral } from '../helpers/referrals';

const say = async (h: Harness, text: string, who = ADMIN): Promise<string> => {
  const [reply] = await turn(h, message(text, { who }));
  return (reply as Partial<Activity> | undefined)?.text ?? '';
};

describe('reminder commands', () => {
  let h: Harness;
  let settings: TenantSettingsService;
  let preferences: UserPreferencesRepository;

  beforeEach(async () => {
    h = await startHarness();
    settings = new TenantSettingsService(h.store, h.clock);
    preferences = new UserPreferencesRepository(h.store, h.clock);
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
  });
  afterEach(() => h.close());

  it('"reminders off" and "reminders on" switch a person’s own reminders, and "reminders" tells which', async () => {
    expect(await say(h, 'reminders', VIEWER)).toBe('Your reminders are on. Say **reminders off** to stop them.');
    expect(await say(h, 'Reminders off.', VIEWER)).toContain('Reminders are off');
    expect(await preferences.remindersOff(TENANT, VIEWER.aadObjectId)).toBe(true);
    expect(await preferences.remindersOff(TENANT, ADMIN.aadObjectId)).toBe(false);
    expect(await say(h, 'reminders', VIEWER)).toBe('Your reminders are off. Say **reminders on** to get them again.');
    expect(await say(h, 'reminders on', VIEWER)).toContain('Reminders are on');
    expect(await preferences.remindersOff(TENANT, VIEWER.aadObjectId)).toBe(false);
    expect(await say(h, 'reminders sometimes', VIEWER)).toBe('Say **reminders on** or **reminders off**.');
  });

  it('"reminder schedule" shows the default schedule to anyone', async () => {
    const text = await say(h, 'reminder schedule', VIEWER);
    expect(text).toContain('Unanswered referrals are reminded of 7 days, 3 days, and 1 day before they expire');
    expect(text).toContain('on their last morning at 9:00 AM');
    expect(text).toContain('reminder schedule 7,3,1');
  });

  it('an admin sets the schedule; it is stored, and open referrals are planned again with it', async () => {
    const { opportunity } = await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT }));
    const planned = { ...opportunity.value, nextReminderAt: '2026-11-12T09:00:00.000Z' };
    await h.opportunities.replace(planned, (await h.opportunities.get(TENANT, planned.id))!.etag);

    expect(await say(h, 'reminder schedule 2, 10 5')).toBe(
      'Done. Unanswered referrals are reminded of 10 days, 5 days, and 2 days before they expire, and on their last morning at 9:00 AM in each person\'s time zone (when Teams tells me it).',
    );
    expect(await settings.reminderPolicy(TENANT)).toEqual({ daysBefore: [10, 5, 2], lastMorningHour: 9 });
    expect((await h.opportunities.get(TENANT, planned.id))!.value.nextReminderAt).toBe(h.clock.now().toISOString());

    expect(await say(h, 'reminder schedule none')).toContain('No reminders are sent a set number of days before referrals expire');
    expect((await settings.reminderPolicy(TENANT)).daysBefore).toEqual([]);
  });

  it.each([['20'], ['3,3'], ['1,2,3,4,5,6,7,8,9,10,11'], ['soon'], ['0']])('refuses "reminder schedule %s" and changes nothing', async (days) => {
    expect(await say(h, `reminder schedule ${days}`)).toBe(
      `I couldn't use "${days}": give up to 10 different whole numbers of days from 1 to 14, separated by commas, e.g. **reminder schedule 7,3,1**.`,
    );
    expect((await settings.get(TENANT)).reminderSchedule).toBeUndefined();
  });

  it('lets only admins change the schedule', async () => {
    expect(await say(h, 'reminder schedule 5', VIEWER)).toBe('Only MPN partner admins and Referrals admins can change the reminder schedule.');
    expect((await settings.get(TENANT)).reminderSchedule).toBeUndefined();
  });

  it('remembers the time zone Teams sends with a person’s messages', async () => {
    await turn(h, { ...message('help'), localTimezone: 'Europe/Warsaw' });
    const chat = await new ConversationRepository(h.store).get(TENANT, `a:chat-${ADMIN.aadObjectId}`);
    expect(chat?.timeZone).toBe('Europe/Warsaw');
  });
});
