import { SweepScheduler } from '../../bot/jobs/sweepScheduler';
import { silentLogger } from '../../bot/logger';
import type { Sweeper, SweepReport } from '../../services/jobs/sweeper';

function countingSweeper(fail = false): { sweeper: Sweeper; calls: () => number } {
  let calls = 0;
  const sweeper = {
    async sweep(): Promise<SweepReport> {
      calls++;
      if (fail) throw new Error('store unreachable');
      return { ran: true, examined: 0 } as SweepReport;
    },
  } as unknown as Sweeper;
  return { sweeper, calls: () => calls };
}

describe('the in-process sweep scheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sweeps soon after start, then every SWEEP_INTERVAL_SECONDS, until stopped', async () => {
    const { sweeper, calls } = countingSweeper();
    const scheduler = new SweepScheduler(sweeper, 60, silentLogger);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(calls()).toBe(1);
    await jest.advanceTimersByTimeAsync(60_000 * 3);
    expect(calls()).toBe(4);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(60_000 * 3);
    expect(calls()).toBe(4);
  });

  it('keeps going after a failed sweep', async () => {
    const { sweeper, calls } = countingSweeper(true);
    const scheduler = new SweepScheduler(sweeper, 30, silentLogger);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(5_000 + 30_000);
    expect(calls()).toBe(2);
    await scheduler.stop();
  });

  it('does nothing when the interval is 0 (an external timer calls POST /api/jobs/sweep)', async () => {
    const { sweeper, calls } = countingSweeper();
    const scheduler = new SweepScheduler(sweeper, 0, silentLogger);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(calls()).toBe(0);
    await scheduler.stop();
  });
});
