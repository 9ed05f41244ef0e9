// Short messages in a corner: successes fade after a moment, errors stay until dismissed.
// At most MAX_VISIBLE show at once; older successes make room first.
import { toFailure } from './api';
import { withToast, OK_MS, type Toast } from './toastQueue';

export type { Toast };

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  ok(text: string, testid?: string): void {
    const id = this.#next++;
    this.items = withToast(this.items, { id, kind: 'ok', text, testid });
    setTimeout(() => this.dismiss(id), OK_MS);
  }

  /** Shows an error from `{code, message}`; anything else thrown is shown the same way. */
  error(e: unknown): void {
    const f = toFailure(e);
    this.items = withToast(this.items, { id: this.#next++, kind: 'error', text: f.message, code: f.code });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((x) => x.id !== id);
  }
}

export const toasts = new Toasts();
