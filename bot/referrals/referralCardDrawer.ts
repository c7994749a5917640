import type { AdaptiveCardJson } from '../../cards/cardFactory';
import { referralCard } from '../../cards/referralCards';
import type { Clock } from '../../services/clock';
import type { Translator } from '../../services/i18n/catalog';
import type { Opportunity } from '../../services/opportunities/opportunity';
import type { RoleMember } from '../../services/roles/roles';
import type { Versioned } from '../../services/store/documentStore';
import type { RefreshAudience } from './refreshAudience';

/** Draws referral cards with the current time and the tenant's refresh audience. */
export class ReferralCardDrawer {
  constructor(
    private readonly audience: RefreshAudience,
    private readonly clock: Clock,
  ) {}

  /** What everybody sees (posted cards): the stage's buttons, refreshed per role for role holders. */
  base(v: Versioned<Opportunity>, tr: Translator): Promise<AdaptiveCardJson> {
    return this.draw(v, tr, true);
  }

  /**
   * One person's view: buttons only when they may act. `members`: the tenant's role holders when
   * the caller has just read them.
   */
  async draw(v: Versioned<Opportunity>, tr: Translator, canAct: boolean, notice?: string, members?: ReadonlyArray<RoleMember>): Promise<AdaptiveCardJson> {
    const refreshUserIds = await this.audience.userIdsFor(v.value.tenantId, members);
    return referralCard(v, tr, { now: this.clock.now(), canAct, notice, refreshUserIds });
  }
}
