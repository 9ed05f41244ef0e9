import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { theme } from './lib/theme.svelte';
import { applyDocumentLang, locale } from './lib/locale.svelte';
import { applyPlatform } from './lib/platform';
import { startupMark } from './lib/startupMark';
import { uiFontsLoaded } from './lib/fonts';

startupMark('script');
void uiFontsLoaded();
applyPlatform();
theme.apply();
applyDocumentLang(locale.lang);

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// In `npm run dev` outside Tauri (or a VITE_MOCK=1 build, to check the bundle under the CSP),
// a fixture backend lets the screens be looked at. Absent from normal builds.
if ((import.meta.env.DEV || import.meta.env.VITE_MOCK === '1') && !('__TAURI_INTERNALS__' in window)) {
  const { installMockBackend } = await import('./dev/mockBackend');
  installMockBackend();
}

export default mount(App, { target });
