/**
 * Groups an async iterator's items into batches of what is already available: it waits for the first item, then
 * takes more only while they arrive without waiting (up to `max`). A read still pending when a batch closes is
 * carried into the next one, so nothing is dropped or reordered.
 */
export async function* batches<T>(source: AsyncIterator<T>, max: number): AsyncGenerator<T[]> {
  let pending: Promise<IteratorResult<T>> | null = null;
  const idle = Symbol('idle');
  for (;;) {
    const first = await (pending ?? source.next());
    pending = null;
    if (first.done) return;
    const batch = [first.value];
    while (batch.length < max) {
      const next = source.next();
      const got = await Promise.race([next, new Promise<typeof idle>((r) => setImmediate(() => r(idle)))]);
      if (got === idle) {
        pending = next;
        break;
      }
      if (got.done) {
        yield batch;
        return;
      }
      batch.push(got.value);
    }
    yield batch;
  }
}
