import type { Clock } from '../../services/clock';
import type { CustomerDirectory } from '../../services/customers/customerDirectory';
import type { DealService } from '../../services/deals/dealService';
import type { RecentContacts } from '../../services/deals/recentContacts';
import type { SolutionCatalog } from '../../services/solutions/solutionCatalog';
import type { Question } from '../flow/question';
import { QuestionFlowDialog, type FlowOptions } from '../flow/questionFlowDialog';
import { CustomerStep } from './customerStep';
import { DealDetailsStep } from './dealDetailsStep';
import { emptyDraft, type DealWorkingDraft } from './dealWorkingDraft';
import { NEW_DEAL_DIALOG, STEPS } from './ids';
import { MicrosoftHelpStep } from './microsoftHelpStep';
import { ReviewStep } from './reviewStep';
import { SolutionsStep } from './solutionsStep';
import { TeamStep } from './teamStep';

export interface NewDealDeps {
  directory: CustomerDirectory;
  recentContacts: RecentContacts;
  solutions: SolutionCatalog;
  deals: DealService;
  clock: Clock;
}

/**
 * "New deal": the five steps of creating an outbound opportunity, then a summary to create it.
 * The draft lives in dialog state; the deal is written once, at "Create".
 */
export class NewDealDialog extends QuestionFlowDialog<DealWorkingDraft> {
  protected readonly catalogPrefix = 'deals';
  protected readonly numberedSteps = STEPS;
  private readonly all: ReadonlyArray<Question<DealWorkingDraft>>;

  constructor(deps: NewDealDeps) {
    super(NEW_DEAL_DIALOG);
    this.all = [
      ...new CustomerStep(deps.directory).questions(),
      ...new DealDetailsStep(deps.clock).questions(),
      ...new TeamStep(deps.recentContacts).questions(),
      ...new SolutionsStep(deps.solutions).questions(),
      ...new MicrosoftHelpStep().questions(),
      ...new ReviewStep(deps.deals).questions(),
    ];
  }

  protected questions(): ReadonlyArray<Question<DealWorkingDraft>> {
    return this.all;
  }

  protected startDraft(_options: FlowOptions): DealWorkingDraft {
    return emptyDraft();
  }
}
