import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../../cards/cardFactory';

/** The one place Action.Execute answers are shaped (Universal Actions response format). */
export function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card };
}

export const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';

/** A refusal Teams shows to the person who clicked; the card stays as it was. */
export function errorResponse(statusCode: 400 | 403 | 404 | 500, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: ERROR_CONTENT_TYPE, value: { code, message } };
}
