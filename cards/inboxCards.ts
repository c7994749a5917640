import type { Translator } from '../services/i18n/catalog';
import type { Stage } from '../services/opportunities/opportunity';
import { expandCard, type AdaptiveCardJson } from './cardFactory';

/** The three lists of opportunities a person can ask for. */
export type InboxView = 'inbound' | 'outbound' | 'favorites';
export const INBOX_VIEWS: ReadonlyArray<InboxView> = ['inbound', 'outbound', 'favorites'];
const STAGES: ReadonlyArray<Stage> = ['Received', 'Accepted', 'Archived'];

/** What an inbox button sends: the list, its stage filter, and where the next page starts. */
export interface InboxPageRequest {
  view: InboxView;
  stage?: Stage;
  page?: number;
  continuation?: string;
}

export interface InboxPageCardOptions {
  request: InboxPageRequest;
  empty: boolean;
  /** The continuation of the next page, when there is one. */
  next?: string;
  /** This card's More was used: the next page was sent below. */
  moreShown?: boolean;
}

/** The card under each page of a list: what is shown, stage filters, and More. */
export function inboxPageCard(tr: Translator, options: InboxPageCardOptions): AdaptiveCardJson {
  const { request, empty, next, moreShown = false } = options;
  const page = request.page ?? 1;
  const stageText = request.stage ? tr.t(`inbox.filters.${request.stage}`) : tr.t('inbox.allStages');
  const filters = moreShown
    ? []
    : [
        { title: tr.t('inbox.filters.all'), data: { view: request.view } },
        ...STAGES.map((stage) => ({ title: tr.t(`inbox.filters.${stage}`), data: { view: request.view, stage } })),
      ];
  const moreData: InboxPageRequest = { view: request.view, page: page + 1, continuation: next };
  if (request.stage) moreData.stage = request.stage;
  return expandCard(
    'inboxPage',
    {
      title: tr.t(`inbox.title.${request.view}`),
      subtitle: `${tr.t('inbox.stageFilter', { stage: stageText })} · ${tr.t('inbox.page', { page: tr.number(page) })}`,
      emptyText: empty ? tr.t(`inbox.empty.${request.view}`) : '',
      moreShown,
      filters,
      hasMore: !!next && !moreShown,
      moreData,
    },
    tr,
  );
}
