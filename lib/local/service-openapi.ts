import { readFileSync } from 'node:fs';
import { openApiDocument } from '#api/openapi.ts';
import type { Route } from '#api/route.ts';
import { routes } from '#api/routes.ts';

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const openApiDocumentOfService = () =>
  openApiDocument(routes as readonly Route[], { title: 'Planning meeting booking service', version: packageVersion() });
