/**
 * Cursor pages: a list call answers one page and is also an async iterable over every item of every
 * page, fetching the next page only when the loop reaches it.
 *
 *   const first = await sdk.etims.sales.list({ status: 'signed' });   // one page
 *   for await (const sale of sdk.etims.sales.list({ status: 'signed' })) { … }   // all of them
 */

export interface Page<T> {
  data: T[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export type PagePromise<T> = Promise<Page<T>> & AsyncIterable<T>;

/** The next cursor of a list answer, wherever the route puts it (`next_cursor` or `meta.next_cursor`). */
export function nextCursorOf(body: { next_cursor?: unknown; meta?: { next_cursor?: unknown } }): string | null {
  const cursor = body.next_cursor ?? body.meta?.next_cursor ?? null;
  return cursor === null || cursor === undefined ? null : String(cursor);
}

export function pagePromise<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, startCursor?: string): PagePromise<T> {
  const first = fetchPage(startCursor);
  return Object.assign(first, {
    async *[Symbol.asyncIterator](): AsyncIterator<T> {
      let page = await first;
      for (;;) {
        yield* page.data;
        if (page.nextCursor === null || page.data.length === 0) return;
        page = await fetchPage(page.nextCursor);
      }
    },
  });
}
