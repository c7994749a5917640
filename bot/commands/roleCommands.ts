import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import { ConflictError, ForbiddenError } from '../../services/errors';
import type { Translator } from '../../services/i18n/catalog';
import { Role } from '../../services/roles/roles';
import type { Person, RoleService } from '../../services/roles/roleService';
import { tenantOf, personOf } from '../teamsIdentity';
import type { Command } from './command';

export interface RoleCommandDeps {
  roles: RoleService;
  conversations: ConversationRepository;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "…referrals admin" → ReferralsAdmin and what came before it; role names come from the catalog. */
export function parseRoleRequest(args: string, tr: Translator): { personText: string; role: Role } | undefined {
  const lower = args.toLowerCase().trim();
  let best: { role: Role; alias: string } | undefined;
  for (const role of Role.options) {
    for (const alias of tr.t(`roles.aliases.${role}`).split('|')) {
      const hit = lower === alias || lower.endsWith(` ${alias}`);
      if (hit && (!best || alias.length > best.alias.length)) best = { role, alias };
    }
  }
  if (!best) return undefined;
  const personText = args
    .trim()
    .slice(0, args.trim().length - best.alias.length)
    .replace(/<at>.*?<\/at>/g, '')
    .replace(/^@/, '')
    .trim();
  return { personText, role: best.role };
}

interface MentionEntity {
  type: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

/**
 * Who the admin means: the Teams mention in the message (by Entra object id when it carries one),
 * else a typed name or id of someone known to the bot (the fallback that works in Agents Playground).
 */
async function resolvePerson(turn: TurnContext, deps: RoleCommandDeps, tenantId: string, personText: string): Promise<Person | undefined> {
  const botId = turn.activity.recipient?.id;
  const mention = ((turn.activity.entities ?? []) as MentionEntity[]).find(
    (e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId,
  )?.mentioned;
  const chats = (await deps.conversations.list(tenantId, { kind: 'personal', pageSize: 200 })).items;
  if (mention?.id) {
    if (mention.aadObjectId) return { userId: mention.aadObjectId, name: mention.name };
    const known = chats.find((c) => c.user?.id === mention.id);
    if (known?.userKey) return { userId: known.userKey, name: mention.name ?? known.user?.name };
    // Teams mentions often omit the Entra id: ask Teams for the member.
    try {
      const member = await TeamsInfo.getMember(turn, mention.id);
      if (member.aadObjectId) return { userId: member.aadObjectId, name: mention.name ?? member.name };
    } catch {
      // not in Teams, or the member could not be read: the Teams id is the best id there is
    }
    return { userId: mention.id, name: mention.name };
  }
  if (!personText) return undefined;
  const wanted = personText.toLowerCase();
  const candidates = new Map<string, Person>();
  for (const m of await deps.roles.members(tenantId)) {
    if (m.userId.toLowerCase() === wanted || m.name?.toLowerCase() === wanted) candidates.set(m.userId, { userId: m.userId, name: m.name });
  }
  for (const c of chats) {
    if (!c.userKey || !c.user) continue;
    if ([c.userKey, c.user.id, c.user.name ?? ''].some((x) => x.toLowerCase() === wanted)) {
      candidates.set(c.userKey, { userId: c.userKey, name: c.user.name });
    }
  }
  if (candidates.size === 1) return [...candidates.values()][0];
  // An Entra object id may name someone who has not talked to the bot yet.
  if (candidates.size === 0 && GUID.test(personText)) return { userId: personText.toLowerCase() };
  return undefined;
}

function changeCommand(kind: 'grant' | 'revoke', deps: RoleCommandDeps): Command {
  return {
    id: kind,
    triggers: [kind],
    async run({ turn, tr, args }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('roles.noTenant'));
        return;
      }
      const request = parseRoleRequest(args, tr);
      if (!request) {
        await turn.sendActivity(tr.t('roles.usage'));
        return;
      }
      const person = await resolvePerson(turn, deps, tenantId, request.personText);
      if (!person) {
        await turn.sendActivity(tr.t('roles.unknownPerson', { text: request.personText }));
        return;
      }
      const vars = { name: person.name ?? person.userId, role: tr.t(`roles.names.${request.role}`) };
      try {
        if (kind === 'grant') await deps.roles.grant(tenantId, personOf(turn), person, request.role);
        else await deps.roles.revoke(tenantId, personOf(turn), person.userId, request.role);
      } catch (err) {
        if (err instanceof ForbiddenError) {
          const isAdmin = (await deps.roles.rolesOf(tenantId, personOf(turn).userId)).includes('MpnPartnerAdmin');
          await turn.sendActivity(tr.t(isAdmin ? 'roles.lastAdmin' : 'roles.notAdmin'));
          return;
        }
        if (err instanceof ConflictError) {
          await turn.sendActivity(tr.t('roles.busy'));
          return;
        }
        throw err;
      }
      await turn.sendActivity(tr.t(kind === 'grant' ? 'roles.granted' : 'roles.revoked', vars));
    },
  };
}

/** roles (who holds what), grant and revoke. */
export function roleCommands(deps: RoleCommandDeps): Command[] {
  const list: Command = {
    id: 'roles',
    triggers: ['roles'],
    helpKey: 'help.commands.roles',
    async run({ turn, tr }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('roles.noTenant'));
        return;
      }
      const members = await deps.roles.members(tenantId);
      const lines = members.map((m) =>
        tr.t('roles.list.member', { name: m.name ?? m.userId, roles: m.roles.map((r) => tr.t(`roles.names.${r}`)).join(', ') }),
      );
      const text = [`**${tr.t('roles.list.title')}**`, ...(lines.length ? lines : [tr.t('roles.list.none')]), tr.t('roles.list.howTo')];
      await turn.sendActivity(text.join('\n\n'));
    },
  };
  return [list, changeCommand('grant', deps), changeCommand('revoke', deps)];
}
