/**
 * Maps `fn` over `inputs` with at most `limit` calls in flight, keeping the input order in the result:
 * sources are fetched in parallel, but never all at once against one host.
 */
export async function mapConcurrently<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await fn(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}
