import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Everything is bundled and served from the app itself: the CSP allows no remote origin.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: { host: '127.0.0.1', port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // pdf.js is large; it loads on demand (the preview), so its size does not delay first paint.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        // What every screen shares (Svelte's runtime, src/lib, the small shared components) in
        // one file: the first screen loads two scripts instead of about twenty, each of which
        // is a request to the app's asset protocol.
        manualChunks(id: string) {
          if (
            id.includes('/node_modules/svelte/') ||
            /\/src\/lib\/(?!dev\/)/.test(id) ||
            /\/src\/components\/(Modal|ConfirmDialog|LanguageSwitch|StatusBadge|EmptyState)\.svelte/.test(id)
          ) {
            return 'shared';
          }
          return undefined;
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
