import { maxAttempts, retryDelay, retryDelaysMs } from '../lib/webhooks/retry-schedule.js';
import { maxSqsDelaySeconds, sqsDelaySeconds } from '../lib/webhooks/sqs-queue.js';

/** The retry schedule (docs/webhooks.md) and its SQS delays, unit level. */
describe('retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about 3 days', () => {
    expect(retryDelaysMs.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]);
    expect(maxAttempts).toBe(10);
    const total = retryDelaysMs.reduce((sum, ms) => sum + ms, 0);
    expect(total / 86_400_000).toBeGreaterThan(3);
  });

  it('jitters each wait by at most ±20%, and stops after the last attempt', () => {
    retryDelaysMs.forEach((base, index) => {
      expect(retryDelay(index + 1, () => 0)).toBe(Math.round(base * 0.8));
      expect(retryDelay(index + 1, () => 1)).toBe(Math.round(base * 1.2));
      expect(retryDelay(index + 1, () => 0.5)).toBe(base);
    });
    expect(retryDelay(maxAttempts)).toBeUndefined();
  });

  it('delays an SQS message by the wait, at most 15 minutes (longer waits are chained by the sender)', () => {
    const job = { appId: 'a', endpointId: 'e', eventId: 'evt', run: 1, attempt: 2, dueAt: 10_000 };
    expect(sqsDelaySeconds(job, 5_000)).toBe(5);
    expect(sqsDelaySeconds(job, 20_000)).toBe(0);
    expect(sqsDelaySeconds({ ...job, dueAt: 2 * 3600_000 }, 0)).toBe(maxSqsDelaySeconds);
  });
});
