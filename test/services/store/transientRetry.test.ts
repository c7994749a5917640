import { ConflictError } from '../../../services/errors';
import { isTransient, withRetry, type RetryPolicy } from '../../../services/store/transientRetry';

const quick: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2, maxElapsedMs: 5_000 };
const cosmosError = (code: number) => Object.assign(new Error(`status ${code}`), { code });
const networkError = (code: string) => Object.assign(new Error(code), { code });

describe('retries of passing store failures', () => {
  it('counts unavailability, timeouts and dropped connections as passing, and nothing else', () => {
    for (const err of [cosmosError(503), cosmosError(408), cosmosError(449), networkError('ECONNRESET'), networkError('REQUEST_SEND_ERROR'), networkError('TimeoutError')]) {
      expect(isTransient(err)).toBe(true);
    }
    // 429 is the SDK's to retry; conflicts, missing documents and bad requests are answers, not accidents.
    for (const err of [cosmosError(429), cosmosError(409), cosmosError(412), cosmosError(404), cosmosError(400), new ConflictError('taken'), new Error('bug'), 'text', undefined]) {
      expect(isTransient(err)).toBe(false);
    }
  });

  it('retries until the operation succeeds, telling it which attempt it is', async () => {
    const attempts: number[] = [];
    const result = await withRetry(quick, async (attempt) => {
      attempts.push(attempt);
      if (attempt < 2) throw cosmosError(503);
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('gives up after its attempts, or at once on a lasting failure, with that failure', async () => {
    let calls = 0;
    await expect(withRetry(quick, async () => { calls++; throw cosmosError(503); })).rejects.toMatchObject({ code: 503 });
    expect(calls).toBe(4);
    calls = 0;
    await expect(withRetry(quick, async () => { calls++; throw new ConflictError('taken'); })).rejects.toBeInstanceOf(ConflictError);
    expect(calls).toBe(1);
  });

  it('starts no attempt past its time limit', async () => {
    let calls = 0;
    const slow: RetryPolicy = { attempts: 100, baseDelayMs: 20, maxDelayMs: 20, maxElapsedMs: 50 };
    await expect(withRetry(slow, async () => { calls++; throw networkError('ECONNRESET'); })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(calls).toBeLessThan(6);
  });
});
