import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` puts the screens (vite.config.ts's outDir): local mode serves it, the stack uploads it. */
export const WEB_APP_DIRECTORY = fileURLToPath(new URL('./dist/', import.meta.url));
