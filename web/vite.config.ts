import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { problemPages } from '../shared/api/problem-pages.ts';

/** The page each problem's `type` names, one per error code, written beside the app. */
const problemPagesPlugin = (): Plugin => ({
  name: 'problem-pages',
  apply: 'build',
  generateBundle() {
    for (const { fileName, html } of problemPages()) this.emitFile({ type: 'asset', fileName, source: html });
  },
});

// The screens are a static site: local mode serves web/dist at `/`, the customer stack
// uploads it to S3 behind CloudFront. JSX goes through Vite's own transform (no plugin).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [problemPagesPlugin()],
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
