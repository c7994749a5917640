import { CardFactory, type Activity } from 'botbuilder';
import { inboxPageCard, type InboxPageRequest } from '../../cards/inboxCards';
import { compactReferralCard } from '../../cards/referralCards';
import type { Clock } from '../../services/clock';
import type { Translator } from '../../services/i18n/catalog';
import type { ReferralStatus, Stage } from '../../services/opportunities/opportunity';
import type { OpportunityListOptions, OpportunityRepository } from '../../services/opportunities/opportunityRepository';

/** Cards per page: one message with a few compact cards stays readable and within rate limits. */
export const INBOX_PAGE_SIZE = 5;

const STATUS_OF: Record<Stage, ReferralStatus> = { Received: 'New', Accepted: 'Active', Archived: 'Closed' };

/** One page of a list (inbound, outbound, favorites) as one message: compact cards, then the pager. */
export class InboxLister {
  constructor(
    private readonly opportunities: OpportunityRepository,
    private readonly clock: Clock,
  ) {}

  async page(tenantId: string, request: InboxPageRequest, tr: Translator): Promise<Partial<Activity>> {
    const options: OpportunityListOptions = { pageSize: INBOX_PAGE_SIZE, continuation: request.continuation };
    if (request.view === 'inbound') options.direction = 'Incoming';
    if (request.view === 'outbound') options.direction = 'Outgoing';
    if (request.view === 'favorites') options.favorite = true;
    if (request.stage) options.status = STATUS_OF[request.stage];
    const page = await this.opportunities.list(tenantId, options);
    const now = this.clock.now();
    const cards = page.items.map((v) => compactReferralCard(v, tr, now));
    const pager = inboxPageCard(tr, { request, empty: page.items.length === 0, next: page.continuation });
    return {
      type: 'message',
      attachmentLayout: 'list',
      attachments: [...cards, pager].map((c) => CardFactory.adaptiveCard(c)),
    };
  }
}
