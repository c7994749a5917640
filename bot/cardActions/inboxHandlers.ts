import { z } from 'zod';
import { INBOX_VERBS } from '../../cards/cardVerbs';
import { inboxPageCard, INBOX_VIEWS, type InboxView } from '../../cards/inboxCards';
import { Stage } from '../../services/opportunities/opportunity';
import type { InboxLister } from '../referrals/inboxLister';
import { handler, type CardActionHandler } from './cardAction';
import { cardResponse, errorResponse } from './invokeResponses';

export const InboxPageData = z.strictObject({
  view: z.enum(INBOX_VIEWS as [InboxView, ...InboxView[]]),
  stage: Stage.optional(),
  page: z.number().int().min(1).max(100_000).optional(),
  continuation: z.string().min(1).max(2000).optional(),
});

/**
 * The pager's buttons (stage filters, More): the requested page is posted as a new message, and
 * the pager that was clicked turns into a pointer to it, so it cannot be clicked twice.
 */
export function inboxHandlers(lister: InboxLister): CardActionHandler[] {
  return [
    handler({
      verb: INBOX_VERBS.page,
      data: InboxPageData,
      async run(ctx, request) {
        let page;
        try {
          page = await lister.page(ctx.tenantId, request, ctx.tr);
        } catch (err) {
          if (err instanceof Error && /continuation/i.test(err.message)) {
            return errorResponse(400, 'badData', ctx.tr.t('referrals.errors.badData', { fields: 'continuation' }));
          }
          throw err;
        }
        await ctx.turn.sendActivity(page);
        return cardResponse(inboxPageCard(ctx.tr, { request, empty: false, moreShown: true }));
      },
    }),
  ];
}
