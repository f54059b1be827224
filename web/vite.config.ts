import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The screens are a static site: local mode serves web/dist at `/`, the customer stack
// uploads it to S3 behind CloudFront. JSX goes through Vite's own transform (no plugin).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the site's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    target: 'es2022',
    reportCompressedSize: true,
  },
  logLevel: 'warn',
});
