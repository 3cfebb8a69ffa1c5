/**
 * prom-client collects every metric of a scrape concurrently, so two gauges filled from
 * the same reads share one in-flight read: the first collect starts it, the others of
 * that scrape join it, and the next scrape reads afresh.
 */
export function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
