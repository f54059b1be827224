// One-off, after deploying the release that brought the planning meeting listing and the directory search:
// writes the entries that find users and apprentices by name for every record saved before, and brings any
// other entry in step with its records (writing only what differs, so running it twice is harmless).
// It Scans the table, which no request path does: run it from a workstation with the stack's credentials.
//
//   npx tsx bin/rebuild-listings.ts --table <TableName output> [--region eu-west-2] [--endpoint <url>]
//
// Local mode needs none of this: each `npm start` on an existing data folder does the same before it serves.
import { parseArgs } from 'node:util';
import { DirectoryListings } from '#store/directory-listings.ts';
import { createTableClient } from '#store/table-client.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
if (!values.table) {
  process.stderr.write('rebuild-listings: name the table: --table <the stack’s TableName output> [--region <region>]\n');
  process.exit(2);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  process.stderr.write('rebuild-listings: --concurrency must be a whole number from 1 to 64\n');
  process.exit(2);
}

const table = createTableClient({ tableName: values.table, region: values.region, endpoint: values.endpoint });
const started = performance.now();
try {
  const { ids, written, failed } = await new DirectoryListings(table).rebuild(concurrency);
  process.stdout.write(`${ids} users and apprentices read, ${written} brought in step, ${ids - written - failed.length} already were, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  for (const { id, error } of failed) process.stderr.write(`  not done: ${id}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} finally {
  table.documents.destroy();
}
