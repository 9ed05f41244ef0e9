// Which toasts show: the list logic, pure (tested); the reactive part is toasts.svelte.ts.

export type Toast = { id: number; kind: 'ok' | 'error'; text: string; code?: string; testid?: string };

/** How long a success stays, in milliseconds. */
export const OK_MS = 2500;
export const MAX_VISIBLE = 3;

/** The list after adding `toast`: the oldest success goes first when there are too many,
 * then the oldest error. Pure (tested). */
export function withToast(items: Toast[], toast: Toast, max = MAX_VISIBLE): Toast[] {
  const next = [...items, toast];
  while (next.length > max) {
    const oldOk = next.findIndex((x) => x.kind === 'ok' && x !== toast);
    next.splice(oldOk >= 0 ? oldOk : 0, 1);
  }
  return next;
}
