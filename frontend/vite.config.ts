/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Django serves dist/ from the site root (WhiteNoise WHITENOISE_ROOT): hashed files under
// /assets/, the service worker and manifest at /. In development, Vite proxies the API and
// keeps the Host header so http://<subdomain>.localhost:5173 reaches that tenant.
const api = process.env.CRM_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // Libraries change less often than our code: separate files stay cached across releases.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          mantine: ['@mantine/core', '@mantine/hooks', '@mantine/notifications'],
          charts: ['recharts'],
          graphql: ['urql', 'graphql', 'graphql-ws'],
          i18n: ['i18next', 'react-i18next'],
        },
      },
    },
  },
  server: {
    host: true,
    allowedHosts: ['.localhost'],
    proxy: {
      '/graphql': { target: api, changeOrigin: false, ws: true },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // A rendered page with user-event typing takes well under a second on a quiet machine; under a
    // loaded CI machine the 5 s default ran out on a few (AppShell, SignupPage). Timing is not what they test.
    testTimeout: 30_000,
  },
});
