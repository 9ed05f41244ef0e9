// Which pages of a long list to fetch, and how many rows to draw, for a virtualized table
// over paged queries. Pure, so it is tested without a DOM.

export const PAGE_SIZE = 100;

/** The page indexes covering rows [first, last], inclusive. */
export function pagesFor(first: number, last: number, pageSize = PAGE_SIZE): number[] {
  if (last < first) return [];
  const out: number[] = [];
  for (let p = Math.floor(Math.max(0, first) / pageSize); p <= Math.floor(last / pageSize); p++) out.push(p);
  return out;
}

/**
 * The number of rows to draw. An exact total is the answer; a capped one ("1,000 or more")
 * grows past the loaded rows while the last loaded page came back full.
 */
export function rowCount(total: number, exact: boolean, loadedEnd: number, lastPageFull: boolean, pageSize = PAGE_SIZE): number {
  if (exact) return total;
  return Math.max(total, lastPageFull ? loadedEnd + pageSize : loadedEnd);
}

/** The rows to render for a scroll position, with some overscan on both sides. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): [number, number] {
  if (count === 0) return [0, -1];
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return [first, last];
}
