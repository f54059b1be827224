// Writes docs/openapi.json from the route table (npm run openapi); a test keeps it current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocumentOfService } from '#local/service-openapi.ts';

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(openApiDocumentOfService(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
