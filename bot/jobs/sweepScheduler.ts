import type { Sweeper, SweepReport } from '../../services/jobs/sweeper';
import type { Logger } from '../logger';

/**
 * Runs the sweep every SWEEP_INTERVAL_SECONDS inside the bot process. Several instances may each
 * run one: the sweep's lease lets one work at a time. Timers never keep the process alive.
 */
export class SweepScheduler {
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly sweeper: Sweeper,
    private readonly intervalSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Starts sweeping (the first sweep soon after start-up); does nothing when the interval is 0. */
  start(): void {
    if (this.intervalSeconds <= 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule(Math.min(5_000, this.intervalSeconds * 1000));
  }

  /**
   * Stops the timer and waits (at most `timeoutMs`) for a sweep in progress. Cutting a sweep short
   * is safe: every step is its own conditional write, and its lease runs out.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.race([this.current, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.runOnce().finally(() => {
        if (!this.stopped) this.schedule(this.intervalSeconds * 1000);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const report = await this.sweeper.sweep();
      if (worthLogging(report)) this.logger.info('sweep', { ...report });
    } catch (err) {
      this.logger.error('sweep failed; it will run again', { err });
    }
  }
}

function worthLogging(r: SweepReport): boolean {
  return r.examined > 0 || r.failed > 0;
}
