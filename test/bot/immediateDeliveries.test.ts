import { BackgroundTasks } from '../../bot/backgroundTasks';
import { silentLogger } from '../../bot/logger';
import { ImmediateDeliveries } from '../../bot/notifications/immediateDeliveries';

/** A delivery that ends when the test says so. */
function controlled() {
  const pending = new Map<string, { resolve(): void; reject(err: Error): void }>();
  const deliver = (tenantId: string, id: string) =>
    new Promise<void>((resolve, reject) => {
      pending.set(`${tenantId}/${id}`, { resolve, reject });
    });
  return { pending, deliver };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ImmediateDeliveries', () => {
  it('starts at most `limit` deliveries at once and leaves the rest for the sweeper', async () => {
    const background = new BackgroundTasks(silentLogger);
    const { pending, deliver } = controlled();
    const immediate = new ImmediateDeliveries(background, deliver, 2);

    expect(['r1', 'r2', 'r3'].map((id) => immediate.start('t', id))).toEqual([true, true, false]);
    await settle();
    expect([...pending.keys()]).toEqual(['t/r1', 't/r2']);
    expect(immediate.inFlight).toBe(2);

    // One ends (delivered), one fails (logged by the background tasks): both free their place.
    pending.get('t/r1')!.resolve();
    pending.get('t/r2')!.reject(new Error('connector down'));
    await settle();
    expect(immediate.inFlight).toBe(0);
    expect(immediate.start('t', 'r4')).toBe(true);
    await settle();
    expect(pending.has('t/r4')).toBe(true);
    pending.get('t/r4')!.resolve();
    await background.drain();
    expect(immediate.inFlight).toBe(0);
  });
});
