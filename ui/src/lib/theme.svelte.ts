// Light/dark theme: follows the system until the user picks one (saved in localStorage).
export type Theme = 'light' | 'dark';
const KEY = 'autoinvoice.theme';

function systemTheme(): Theme {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function saved(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

class ThemeState {
  current = $state<Theme>(saved() ?? systemTheme());

  apply(): void {
    document.documentElement.dataset.theme = this.current;
  }

  toggle(): void {
    this.current = this.current === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, this.current);
    } catch {
      /* not saved: still applied */
    }
    this.apply();
  }
}

export const theme = new ThemeState();
