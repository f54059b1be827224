import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type ProxyOptions, type UserConfig } from 'vite';
import { problemPages } from '../shared/api/problem-pages.ts';

/** The page each problem's `type` names, one per error code, written beside the app. */
const problemPagesPlugin = (): Plugin => ({
  name: 'problem-pages',
  apply: 'build',
  generateBundle() {
    for (const { fileName, html } of problemPages()) this.emitFile({ type: 'asset', fileName, source: html });
  },
});

/**
 * `npm run dev`: the screens from Vite's dev server, every request the app makes to the
 * service handed to the local host (`npm start`, on $PORT as it uses, default 3000): the
 * route table's paths, and what the local host answers itself (`/config.json` naming it
 * as the API, the sign-in tokens and outbox under `/local`, the OpenAPI document, the
 * problem pages). The Host header stays `localhost:<vite port>`, which the local host accepts.
 */
const localHostProxy = async (): Promise<Record<string, ProxyOptions>> => {
  const { routes } = await import('../shared/api/routes.ts');
  const firstSegments = new Set(routes.map((route) => route.path.split('/')[1]!));
  const served = [...firstSegments, 'config.json', 'local', 'openapi.json', 'problems'].map((segment) => segment.replace(/[.]/g, '\\.'));
  return { [`^/(${served.join('|')})(/|\\?|$)`]: { target: `http://127.0.0.1:${process.env.PORT ?? 3000}` } };
};

// The screens are a static site: local mode serves web/dist at `/`, the customer stack
// uploads it to S3 behind CloudFront. JSX goes through Vite's own transform; the Preact
// preset (hot reload that keeps components' state, the Preact devtools) serves `npm run dev`
// only, so the built site is the same with or without it.
export default defineConfig(async ({ command }): Promise<UserConfig> => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [problemPagesPlugin(), ...(command === 'serve' ? [preact()] : [])],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  ...(command === 'serve' ? { server: { proxy: await localHostProxy() } } : {}),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the site's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    target: 'es2022',
    reportCompressedSize: true,
  },
  logLevel: 'warn',
}));
