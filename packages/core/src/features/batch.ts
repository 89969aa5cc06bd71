/**
 * Planning and assembling batch reads: many (group, record ids) requests split into
 * BatchGetRecord calls of at most 100 identifiers (AWS's limit), and answers put back in
 * the caller's order.
 */
export const MAX_IDENTIFIERS_PER_CALL = 100;

export interface BatchRequest {
  readonly featureGroup: string;
  readonly recordIds: readonly string[];
  readonly features?: readonly string[] | undefined;
}

/** One BatchGetRecord call: identifiers grouped by feature group (and feature list). */
export type BatchCall = Array<{ featureGroup: string; recordIds: string[]; features?: readonly string[] | undefined }>;

/**
 * Packs the requests into as few calls as AWS's limit allows: ⌈total ids / 100⌉.
 *
 * @example
 * planBatchCalls([{ featureGroup: "a", recordIds: ids(150) }, { featureGroup: "b", recordIds: ids(100) }]).length; // 3
 */
export function planBatchCalls(requests: readonly BatchRequest[], perCall = MAX_IDENTIFIERS_PER_CALL): BatchCall[] {
  const calls: BatchCall[] = [];
  let current: BatchCall = [];
  let count = 0;
  for (const request of requests) {
    let offset = 0;
    while (offset < request.recordIds.length) {
      if (count === perCall) {
        calls.push(current);
        current = [];
        count = 0;
      }
      const take = Math.min(perCall - count, request.recordIds.length - offset);
      const ids = request.recordIds.slice(offset, offset + take);
      const same = current.find(
        (c) =>
          c.featureGroup === request.featureGroup && JSON.stringify(c.features) === JSON.stringify(request.features),
      );
      if (same) same.recordIds.push(...ids);
      else
        current.push({
          featureGroup: request.featureGroup,
          recordIds: [...ids],
          ...(request.features ? { features: request.features } : {}),
        });
      count += take;
      offset += take;
    }
  }
  if (count > 0) calls.push(current);
  return calls;
}

/** Runs `work` over `items` with at most `limit` at once, keeping results in input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
