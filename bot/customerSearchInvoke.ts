import type { InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { locationOfDataset } from '../dialogs/newDeal/customerStep';
import { describeMatch } from '../dialogs/newDeal/places';
import type { CustomerDirectory } from '../services/customers/customerDirectory';
import type { DealService } from '../services/deals/dealService';
import { Translator } from '../services/i18n/catalog';
import { personOf, tenantOf } from './teamsIdentity';

export const SEARCH_INVOKE = 'application/search';
const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse';
/** Teams shows at most 15 options in a type-ahead dropdown. */
const MAX_RESULTS = 15;

const SearchRequest = z.object({
  queryText: z.string().max(200).default(''),
  dataset: z.string().max(300),
  queryOptions: z.object({ skip: z.number().int().min(0).optional(), top: z.number().int().min(1).optional() }).optional(),
});

function searchResponse(results: Array<{ title: string; value: string }>): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: SEARCH_RESPONSE, value: { results } } };
}

/**
 * Answers the customer name type-ahead (Input.ChoiceSet with a Data.Query dataset) as the person
 * types: this partner's known customers and the directory, in the location chosen before. The known
 * customers come from the partner's deals, so only people who may create deals get any answer.
 */
export async function answerCustomerSearch(turn: TurnContext, directory: CustomerDirectory, deals: DealService): Promise<InvokeResponse> {
  const parsed = SearchRequest.safeParse(turn.activity.value);
  const tenantId = tenantOf(turn);
  const location = parsed.success ? locationOfDataset(parsed.data.dataset) : undefined;
  if (!parsed.success || !location || !tenantId) {
    return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Unknown search' } } };
  }
  if (!(await deals.mayCreate(tenantId, personOf(turn).userId))) return searchResponse([]);
  const { queryText, queryOptions } = parsed.data;
  const skip = queryOptions?.skip ?? 0;
  const top = Math.min(queryOptions?.top ?? MAX_RESULTS, MAX_RESULTS);
  const matches = await directory.search(tenantId, location, queryText, skip + top);
  const tr = new Translator(turn.activity.locale);
  return searchResponse(matches.slice(skip, skip + top).map((m) => ({ title: describeMatch(m, tr), value: m.ref })));
}
