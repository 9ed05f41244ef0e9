// Keyboard shortcuts: one table, read by the handler and by the help dialog.
import type { MessageKey } from './i18n/messages';

export type ShortcutAction =
  | 'new-invoice'
  | 'search'
  | 'save'
  | 'issue'
  | 'help'
  | 'go-dashboard'
  | 'go-customers'
  | 'go-invoices'
  | 'go-quotes'
  | 'go-payments'
  | 'go-settings';

export type KeyLike = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Whether focus is in a text field (plain keys then type text). */
  inField: boolean;
};

const GO: Record<string, ShortcutAction> = {
  '1': 'go-dashboard',
  '2': 'go-customers',
  '3': 'go-invoices',
  '4': 'go-quotes',
  '5': 'go-payments',
  '6': 'go-settings',
};

/** The action a key press asks for, or null. Ctrl and Cmd are the same modifier. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 'n') return 'new-invoice';
    if (key === 'k') return 'search';
    if (key === 's') return 'save';
    if (key === 'Enter') return 'issue';
  }
  if (e.altKey && !mod && GO[key]) return GO[key];
  if (!mod && !e.altKey && !e.inField && e.key === '?') return 'help';
  return null;
}

/** Rows of the help dialog: keys as shown, and what they do. */
export const SHORTCUT_HELP: { keys: string; label: MessageKey }[] = [
  { keys: 'Ctrl/⌘ N', label: 'kbd.new_invoice' },
  { keys: 'Ctrl/⌘ K', label: 'kbd.search' },
  { keys: 'Ctrl/⌘ S', label: 'kbd.save' },
  { keys: 'Ctrl/⌘ Enter', label: 'kbd.issue' },
  { keys: 'Alt 1…6', label: 'kbd.go' },
  { keys: '?', label: 'kbd.help' },
  { keys: 'Esc', label: 'kbd.close' },
];

/** Editor screens register here to receive save/issue. */
type Handler = () => void;
const editorHandlers: { save?: Handler; issue?: Handler } = {};

export function registerEditorShortcuts(h: { save: Handler; issue: Handler }): () => void {
  editorHandlers.save = h.save;
  editorHandlers.issue = h.issue;
  return () => {
    if (editorHandlers.save === h.save) editorHandlers.save = undefined;
    if (editorHandlers.issue === h.issue) editorHandlers.issue = undefined;
  };
}

export function runEditorShortcut(action: 'save' | 'issue'): boolean {
  const h = editorHandlers[action];
  if (!h) return false;
  h();
  return true;
}
