import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { Translator } from '../../services/i18n/catalog';
import type { Actor } from '../../services/referrals/referralService';
import { personOf, tenantOf } from '../teamsIdentity';
import { translatorFor } from '../cosellBot';
import { errorResponse } from './invokeResponses';

export interface CardActionContext {
  turn: TurnContext;
  tr: Translator;
  /** The Teams tenant of the person who clicked. */
  tenantId: string;
  actor: Actor;
}

/** One card verb: the exact data it accepts, and what it does. */
export interface CardActionHandler<D = unknown> {
  verb: string;
  data: z.ZodType<D>;
  run(ctx: CardActionContext, data: D): Promise<AdaptiveCardInvokeResponse>;
}

/** Lets handlers with different data types share one map. */
export function handler<D>(h: CardActionHandler<D>): CardActionHandler {
  return h as unknown as CardActionHandler;
}

/** The verb → handler map: unknown verbs and malformed data are refused before any handler runs. */
export class CardActionRouter {
  private readonly handlers = new Map<string, CardActionHandler>();

  register(...handlers: CardActionHandler[]): this {
    for (const h of handlers) {
      if (this.handlers.has(h.verb)) throw new Error(`Two handlers for card verb ${h.verb}`);
      this.handlers.set(h.verb, h);
    }
    return this;
  }

  verbs(): string[] {
    return [...this.handlers.keys()];
  }

  async dispatch(turn: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const tr = translatorFor(turn);
    const h = this.handlers.get(value.action.verb);
    if (!h) return errorResponse(400, 'unknownVerb', tr.t('referrals.errors.unknownVerb'));
    const tenantId = tenantOf(turn);
    if (!tenantId) return errorResponse(403, 'noTenant', tr.t('referrals.errors.noTenant'));
    const parsed = h.data.safeParse(value.action.data ?? {});
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path.join('.') || '-'])))];
      return errorResponse(400, 'badData', tr.t('referrals.errors.badData', { fields: fields.join(', ') }));
    }
    return h.run({ turn, tr, tenantId, actor: personOf(turn) }, parsed.data);
  }
}
