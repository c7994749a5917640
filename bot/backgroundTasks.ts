import { PacerClosedError } from '../services/notifications/sendPacer';
import type { Logger } from './logger';

/**
 * Work that must not delay an answer (posting and updating cards after an Action.Execute or a
 * webhook has been answered). Failures are logged, never thrown at the caller; `drain` waits for
 * everything started so far (shutdown, tests).
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<unknown>): void {
    const task: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err: unknown) =>
          err instanceof PacerClosedError
            ? this.logger.info('background task left for the next run: shutting down', { task: name })
            : this.logger.error('background task failed', { task: name, err }),
      )
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
