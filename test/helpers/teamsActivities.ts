import { randomUUID } from 'node:crypto';

export interface TeamsActivityOptions {
  serviceUrl: string;
  conversationId?: string;
  userId?: string;
  userName?: string;
  aadObjectId?: string;
  tenantId?: string;
  locale?: string;
}

function base(o: TeamsActivityOptions) {
  const tenantId = o.tenantId ?? '11111111-2222-3333-4444-555555555555';
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    timestamp: '2026-11-21T10:00:00.000Z',
    locale: o.locale ?? 'en-US',
    from: { id: o.userId ?? '29:user-1', name: o.userName ?? 'Avery Seller', aadObjectId: o.aadObjectId ?? (o.userId ? `aad-${o.userId}` : 'aad-user-1') },
    recipient: { id: '28:cosell-bot', name: 'Co-sell Bot' },
    conversation: { id: o.conversationId ?? 'a:personal-chat-1', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

/** A Teams-shaped personal-chat message, as Teams posts it to /api/messages. */
export function teamsMessage(text: string, o: TeamsActivityOptions) {
  return { ...base(o), type: 'message', text, textFormat: 'plain' };
}

export function teamsMemberAdded(o: TeamsActivityOptions & { addedUserId?: string }) {
  return {
    ...base(o),
    type: 'conversationUpdate',
    membersAdded: [{ id: o.addedUserId ?? o.userId ?? '29:user-1' }],
    channelData: { tenant: { id: o.tenantId ?? '11111111-2222-3333-4444-555555555555' }, eventType: 'teamMemberAdded' },
  };
}

/** An Adaptive Card Action.Submit, as Teams posts it: a message with `value` and no text. */
export function teamsCardSubmit(value: Record<string, unknown>, o: TeamsActivityOptions) {
  return { ...base(o), type: 'message', value };
}

/** An invoke (e.g. the type-ahead's `application/search`); its answer is the HTTP response. */
export function teamsInvoke(name: string, value: unknown, o: TeamsActivityOptions) {
  return { ...base(o), type: 'invoke', name, value };
}
