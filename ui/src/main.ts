import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { theme } from './lib/theme.svelte';
import { locale } from './lib/locale.svelte';

theme.apply();
document.documentElement.lang = locale.lang;

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// In `npm run dev` outside Tauri, a fixture backend lets the screens be looked at.
if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
  const { installMockBackend } = await import('./dev/mockBackend');
  installMockBackend();
}

export default mount(App, { target });
