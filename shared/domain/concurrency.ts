// Runs async work over a list with at most `limit` in flight, keeping results in input order.

/**
 * Maps `values` through `map` with at most `limit` calls in flight; resolves in input order, rejects
 * with the first failure once the calls in flight have settled (no new call starts after a failure).
 *
 * @example
 * const details = await mapConcurrently(hostnames, 16, (hostname) => store.getHostname(hostname));
 */
export async function mapConcurrently<T, R>(
  values: readonly T[],
  limit: number,
  map: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(values.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < values.length && !failed) {
      const index = next++;
      try {
        results[index] = await map(values[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, values.length) }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return results;
}
