import type * as restify from 'restify';
import type { Clock } from '../../services/clock';
import type { Sweeper } from '../../services/jobs/sweeper';
import type { Logger } from '../logger';
import { problemReply, readSignedJson } from '../webhooks/referralWebhook';

export const SWEEP_PATH = '/api/jobs/sweep';

export interface SweepRouteDeps {
  /** JOBS_SECRET; without it the route answers 503. */
  secret?: string;
  sweeper: Sweeper;
  clock: Clock;
  logger: Logger;
}

/**
 * POST /api/jobs/sweep: runs one sweep now, for an external timer (Azure Functions, Logic Apps)
 * instead of or besides the bot's own. Signed like /api/referrals (with JOBS_SECRET); the body is
 * `{}`. Answers 200 with what the sweep did; `ran: false` when another sweep was running.
 */
export function sweepRoute(deps: SweepRouteDeps): (server: restify.Server) => void {
  return (server) => {
    server.post(SWEEP_PATH, async (req: restify.Request, res: restify.Response) => {
      const read = await readSignedJson(req, { secret: deps.secret, secretVariable: 'JOBS_SECRET', clock: deps.clock });
      if ('problem' in read) {
        const { status, body } = problemReply(read.problem);
        res.send(status, body);
        return;
      }
      try {
        const report = await deps.sweeper.sweep();
        deps.logger.info('sweep (requested)', { ...report });
        res.send(200, report);
      } catch (err) {
        deps.logger.error('sweep failed', { err });
        res.send(500, { error: { code: 'sweep_failed', message: 'The sweep failed; see the bot logs. Nothing is lost: it can be run again.' } });
      }
    });
  };
}
