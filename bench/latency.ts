/** A small closed-loop load generator: N requests in flight, warm-up excluded, bounded by count and time. */
import { percentile } from './support';
import { Answer } from './service';

export interface Budget {
  warmup: number; // requests run and discarded first
  maxRequests: number; // measured requests at most
  seconds: number; // wall-clock budget of the measured part (and the per-request timeout)
}

export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
  errors: number; // non-2xx answers (not counted in the latencies)
  firstError?: string;
  capped: boolean; // stopped by the time budget before maxRequests
  timedOut: boolean; // a request did not answer within the budget
}

/** `next(i)` issues request i and returns its answer. */
export async function measure(next: (i: number) => Promise<Answer>, options: Budget & { concurrency?: number }): Promise<Latency> {
  const concurrency = options.concurrency ?? 1;
  const warmupDeadline = Date.now() + options.seconds * 1000;
  let i = 0;
  let timedOut = false;
  const run = async (count: number, deadline: number, into: number[] | null, errors: { n: number; first?: string }) => {
    const worker = async () => {
      while (i < count && Date.now() < deadline && !timedOut) {
        const index = i++;
        try {
          const answer = await next(index);
          if (answer.status >= 200 && answer.status < 300) into?.push(answer.ms);
          else if (into) {
            errors.n++;
            errors.first ??= `${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`;
          }
        } catch (error) {
          timedOut = true;
          errors.first ??= (error as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(options.warmup, warmupDeadline, null, { n: 0 });
  const samples: number[] = [];
  const errors: { n: number; first?: string } = { n: 0 };
  const deadline = Date.now() + options.seconds * 1000;
  i = 0;
  await run(options.maxRequests, deadline, samples, errors);
  samples.sort((a, b) => a - b);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? NaN,
    errors: errors.n,
    firstError: errors.first,
    capped: samples.length + errors.n < options.maxRequests,
    timedOut,
  };
}
