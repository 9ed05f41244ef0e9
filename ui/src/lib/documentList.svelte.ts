// The rows of a document list: pages fetched on demand as the table scrolls, dropped and
// refetched when the filters change.
import { call, commands } from './api';
import type { DocumentSummary, ListDocuments } from './contract';
import { PAGE_SIZE, pagesFor, rowCount } from './pages';
import { toasts } from './toasts.svelte';

export type ListQuery = Omit<ListDocuments, 'limit' | 'offset'>;

export class DocumentRows {
  total = $state(0);
  exact = $state(true);
  loadedEnd = $state(0);
  lastPageFull = $state(false);
  loaded = $state(false);
  /** Bumped when a page arrives, so the table re-reads `row(i)`. */
  version = $state(0);

  #pages = new Map<number, DocumentSummary[]>();
  #inflight = new Set<number>();
  #generation = 0;
  #query: ListQuery = {};

  get count(): number {
    return rowCount(this.total, this.exact, this.loadedEnd, this.lastPageFull);
  }

  /** New filters: forget every page, fetch the first. */
  reset(query: ListQuery): void {
    this.#query = query;
    this.#generation++;
    this.#pages.clear();
    this.#inflight.clear();
    this.loaded = false;
    this.loadedEnd = 0;
    this.lastPageFull = false;
    this.version++;
    void this.#fetch(0);
  }

  row(i: number): DocumentSummary | undefined {
    return this.#pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  }

  /** Makes sure the pages under rows [first, last] are loaded or loading. */
  ensure(first: number, last: number): void {
    for (const p of pagesFor(first, last)) void this.#fetch(p);
  }

  async #fetch(page: number): Promise<void> {
    if (this.#pages.has(page) || this.#inflight.has(page)) return;
    const gen = this.#generation;
    this.#inflight.add(page);
    try {
      const res = await call(commands.listDocuments({ ...this.#query, limit: PAGE_SIZE, offset: page * PAGE_SIZE }));
      if (gen !== this.#generation) return;
      this.#pages.set(page, res.items);
      if (page === 0 || res.total > this.total || res.total_is_exact) {
        this.total = res.total;
        this.exact = res.total_is_exact;
      }
      const end = page * PAGE_SIZE + res.items.length;
      if (end >= this.loadedEnd) {
        this.loadedEnd = end;
        this.lastPageFull = res.items.length === PAGE_SIZE;
      }
      this.loaded = true;
      this.version++;
    } catch (e) {
      if (gen === this.#generation) toasts.error(e);
    } finally {
      if (gen === this.#generation) this.#inflight.delete(page);
    }
  }
}
