// Short messages in a corner: successes fade, errors stay until dismissed.
import { toFailure } from './api';

export type Toast = { id: number; kind: 'ok' | 'error'; text: string; code?: string; testid?: string };

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  ok(text: string, testid?: string): void {
    const id = this.#next++;
    this.items.push({ id, kind: 'ok', text, testid });
    setTimeout(() => this.dismiss(id), 6000);
  }

  /** Shows an error from `{code, message}`; anything else thrown is shown the same way. */
  error(e: unknown): void {
    const f = toFailure(e);
    this.items.push({ id: this.#next++, kind: 'error', text: f.message, code: f.code });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((x) => x.id !== id);
  }
}

export const toasts = new Toasts();
