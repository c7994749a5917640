import type { Opportunity, OutboxEvent } from '../opportunities/opportunity';

/**
 * The `referral-updated` event that tells a referral's sender we closed it (decline, expiry).
 * Its id is derived from the referral and its new substatus, so a retried write never queues it twice.
 */
export function senderNotification(closed: Opportunity, at: Date): OutboxEvent {
  const invitedBy = closed.inviteContext?.invitedBy;
  return {
    id: `${closed.id}:${closed.substatus.toLowerCase()}`,
    kind: 'referral-updated',
    createdAt: at.toISOString(),
    payload: {
      eventName: 'referral-updated',
      referral: {
        id: closed.externalId ?? closed.id,
        status: closed.status,
        substatus: closed.substatus,
        declineReason: closed.declineReason,
        notes: closed.closingNotes,
        updatedDateTime: closed.updatedDateTime,
      },
      sender: invitedBy ? { ...invitedBy } : undefined,
    },
  };
}

/** Adds the event unless one with the same id is already waiting. */
export function withNotification(o: Opportunity, event: OutboxEvent): Opportunity {
  if (o.outbox.some((e) => e.id === event.id)) return o;
  return { ...o, outbox: [...o.outbox, event] };
}
