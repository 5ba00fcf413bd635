import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// The app is served by the node from the same origin, so every URL is relative to `/` and
// nothing is fetched from elsewhere. `npm run dev` proxies the API and the hub to a local node.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  define: {
    // vue-i18n compiles messages without eval (JIT), which the Content-Security-Policy requires.
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    // The node's build passes --outDir (obj/, never committed); this is only the default.
    outDir: 'dist',
    emptyOutDir: true,
    // No inline data: URIs for assets: img-src stays 'self' plus what Leaflet needs.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5080',
      '/hubs': { target: 'http://127.0.0.1:5080', ws: true },
      '/health': 'http://127.0.0.1:5080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
