import { stageFromWords } from '../../bot/commands/inboxCommands';
import { parseRoleRequest } from '../../bot/commands/roleCommands';
import { Translator } from '../../services/i18n/catalog';

/** Commands stay English; the words after them (stages, role names) are understood in the person's language too. */
describe('words typed after a command, in each language', () => {
  it.each([
    ['zh-CN', '已存档', 'Archived'],
    ['zh-CN', 'archived', 'Archived'],
    ['zh-CN', '全部', 'all'],
    ['zh-TW', '已封存', 'Archived'],
    ['zh-TW', '進行中', 'Accepted'],
    ['pl-PL', 'odebrane', 'Received'],
    ['pl-PL', 'W toku', 'Accepted'],
    ['pl-PL', 'accepted', 'Accepted'],
    ['pl-PL', '', 'all'],
  ])('%s: "inbound %s" shows %s', (locale, words, expected) => {
    expect(stageFromWords(words, new Translator(locale))).toBe(expected);
  });

  it('a stage word of another language is not a stage', () => {
    expect(stageFromWords('odebrane', new Translator('zh-CN'))).toBeUndefined();
    expect(stageFromWords('已存档', new Translator('en-US'))).toBeUndefined();
  });

  it.each([
    ['zh-CN', '<at>张三</at> 引荐管理员', '', 'ReferralsAdmin'],
    ['zh-CN', '@张三 mpn 合作伙伴管理员', '张三', 'MpnPartnerAdmin'],
    ['zh-TW', '@王小明 轉介使用者', '王小明', 'ReferralUser'],
    ['pl-PL', 'Anna Nowak Administrator Poleceń', 'Anna Nowak', 'ReferralsAdmin'],
    ['pl-PL', '@Anna administrator partnera MPN', 'Anna', 'MpnPartnerAdmin'],
    ['pl-PL', '@Anna referrals admin', 'Anna', 'ReferralsAdmin'],
  ])('%s: "grant %s" grants "%s" (or the @mention) the role %s', (locale, args, person, role) => {
    expect(parseRoleRequest(args, new Translator(locale))).toEqual({ personText: person, role });
  });
});
