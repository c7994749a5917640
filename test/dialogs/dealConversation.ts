import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { StoreStorage } from '../../bot/storeStorage';
import type { FlowOptions } from '../../dialogs/flow/questionFlowDialog';
import { NewDealDialog } from '../../dialogs/newDeal/newDealDialog';
import { ManualClock } from '../../services/clock';
import { CustomerDirectory } from '../../services/customers/customerDirectory';
import { KnownCustomers } from '../../services/customers/knownCustomers';
import { DealService } from '../../services/deals/dealService';
import { RecentContacts } from '../../services/deals/recentContacts';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { RoleService } from '../../services/roles/roleService';
import { SeedOurSolutionsSource, SolutionCatalog } from '../../services/solutions/solutionCatalog';
import { SqliteStore } from '../../services/store/sqliteStore';

export const TENANT = 'tenant-contoso-partner';
export const SELLER = { userId: 'aad-seller-1', name: 'Avery Seller' };

export interface CardAction {
  type: string;
  title?: string;
  data?: Record<string, unknown>;
  card?: { actions?: CardAction[]; body?: unknown[] };
  actions?: CardAction[];
}

export interface CardJson {
  type: 'AdaptiveCard';
  body?: unknown[];
  actions?: CardAction[];
}

/** The Adaptive Card of a reply, if it carries one. */
export function cardOf(reply: Partial<Activity>): CardJson | undefined {
  const attachment = reply.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as CardJson | undefined;
}

/** Every Action.Submit of a card: root actions, ActionSets in the body, and Action.ShowCard cards. */
export function submitActions(card: CardJson): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as CardAction & Record<string, unknown>;
    if (n.type === 'Action.Submit') found.push(n);
    for (const [key, value] of Object.entries(n)) if (key !== 'data') walk(value);
  };
  walk(card);
  return found;
}

/** The inputs of a card by id (their prefilled values show the answers kept). */
export function inputsOf(card: CardJson): Record<string, { type: string; value?: unknown; choices?: Array<{ title: string; value: string }> }> {
  const inputs: Record<string, { type: string; value?: unknown }> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') inputs[n.id] = n as { type: string; value?: unknown };
    for (const [key, value] of Object.entries(n)) if (key !== 'data') walk(value);
  };
  walk(card);
  return inputs;
}

/** The words a person sees on a card: texts, titles, labels, facts and choices. */
export function visibleText(card: CardJson): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'data') continue;
      if (typeof value === 'string' && ['text', 'title', 'label', 'value', 'placeholder'].includes(key)) parts.push(value);
      else walk(value);
    }
  };
  walk(card);
  return parts.join('\n');
}

export interface ConversationOptions {
  clock?: ManualClock;
  /** false: the seller holds no role that may create deals. */
  admin?: boolean;
  /** Replaces the store's opportunities collection create (to simulate a failing store). */
  failCreate?: () => Error | undefined;
  /** The language of the person's Teams client, on every activity they send (none: English). */
  locale?: string;
}

/**
 * The new-deal dialog under test, driven like Teams would: typed text, or a card's submit data
 * merged with input values. State lives in a SQLite file through StoreStorage, and `restart()`
 * closes and reopens everything as a process restart would.
 */
export class DealConversation {
  readonly clock: ManualClock;
  private readonly dir = mkdtempSync(join(tmpdir(), 'cosell-deal-'));
  private readonly dbPath = join(this.dir, 'bot.db');
  private store!: SqliteStore;
  private client!: DialogTestClient;
  opportunities!: OpportunityRepository;
  recentContacts!: RecentContacts;
  /** The replies of the last turn, in order. */
  replies: Array<Partial<Activity>> = [];
  /** The last card the bot sent: what the person would press next. */
  lastCard?: CardJson;
  /** What the dialog ended with (e.g. the created opportunity's id), once it has ended. */
  result: unknown;
  ended = false;

  constructor(private readonly options: ConversationOptions = {}) {
    this.clock = options.clock ?? new ManualClock('2026-11-21T10:00:00.000Z');
  }

  static async start(options: ConversationOptions = {}): Promise<DealConversation> {
    const c = new DealConversation(options);
    await c.open();
    if (options.admin !== false) await new RoleService(c.store, c.clock).ensureFirstAdmin(TENANT, SELLER);
    return c;
  }

  private async open(): Promise<void> {
    this.store = new SqliteStore(this.dbPath);
    await this.store.init();
    this.opportunities = new OpportunityRepository(this.store);
    const failCreate = this.options.failCreate;
    if (failCreate) {
      const original = this.opportunities.create.bind(this.opportunities);
      this.opportunities.create = async (o: Opportunity) => {
        const error = failCreate();
        if (error) throw error;
        return original(o);
      };
    }
    this.recentContacts = new RecentContacts(this.store, this.clock);
    const known = new KnownCustomers(this.opportunities, this.clock);
    const directory = CustomerDirectory.shipped(known, this.opportunities);
    const deals = new DealService({
      opportunities: this.opportunities,
      roles: new RoleService(this.store, this.clock),
      recentContacts: this.recentContacts,
      clock: this.clock,
      onCreated: (deal) => known.forget(deal.tenantId),
    });
    const dialog = new NewDealDialog({ directory, recentContacts: this.recentContacts, solutions: SolutionCatalog.shipped(new SeedOurSolutionsSource()), deals, clock: this.clock });
    const options: FlowOptions = { context: { tenantId: TENANT, ...SELLER, userName: SELLER.name } };
    const state = new ConversationState(new StoreStorage(this.store));
    this.client = new DialogTestClient('msteams', dialog, options, [], state);
  }

  /** Closes the store and builds everything again from the same SQLite file. */
  async restart(): Promise<void> {
    await this.store.close();
    await this.open();
  }

  async close(): Promise<void> {
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async seed(o: Opportunity): Promise<void> {
    await this.opportunities.create(o);
  }

  say(text: string): Promise<Array<Partial<Activity>>> {
    return this.send({ type: 'message', text });
  }

  /** Presses the last card's button whose data has this action, with these input values. */
  press(action: string, inputs: Record<string, string> = {}, extra: Record<string, string> = {}): Promise<Array<Partial<Activity>>> {
    if (!this.lastCard) throw new Error('no card to press a button on');
    const button = submitActions(this.lastCard).find((a) => a.data?.action === action && Object.entries(extra).every(([k, v]) => a.data?.[k] === v));
    if (!button) throw new Error(`the last card has no "${action}" button ${JSON.stringify(extra)}`);
    return this.send({ type: 'message', value: { ...inputs, ...button.data } });
  }

  /** Fills in the last card's inputs and presses its main (submit) button. */
  submit(inputs: Record<string, string>): Promise<Array<Partial<Activity>>> {
    return this.press('submit', inputs);
  }

  async send(activity: Partial<Activity>): Promise<Array<Partial<Activity>>> {
    const { locale } = this.options;
    const first = await this.client.sendActivity(locale ? { locale, ...activity } : activity);
    const replies: Array<Partial<Activity>> = first ? [first] : [];
    for (let next = this.client.getNextReply(); next; next = this.client.getNextReply()) replies.push(next);
    this.replies = replies;
    const cards = replies.map(cardOf).filter((c): c is CardJson => c !== undefined);
    if (cards.length) this.lastCard = cards[cards.length - 1];
    const status = this.client.dialogTurnResult?.status;
    if (status === 'complete' || status === 'cancelled') {
      this.ended = true;
      this.result = this.client.dialogTurnResult.result;
    }
    return replies;
  }

  async storedDeals(): Promise<Opportunity[]> {
    const page = await this.opportunities.list(TENANT, { pageSize: 100 });
    return page.items.map((v) => v.value);
  }
}
