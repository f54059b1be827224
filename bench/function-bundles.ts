/**
 * Each Lambda function as CDK bundles it (the same esbuild settings), measured:
 * minified and gzipped size, and module init (importing the bundle) in a fresh
 * `node` process with the function's environment set, median of a few runs.
 * `npx tsx bench/function-bundles.ts` prints the table alone; `benchFunctionBundles`
 * returns the rows for the full bench.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { httpFunctionGroups } from '#api/function-groups.ts';
import { functionBundling, functionEntry, projectRoot } from '#aws/lambda-function.ts';

const run = promisify(execFile);

/** Targets of issue #12 for every HTTP function. */
export const TARGET_MINIFIED_KB = 400;
export const TARGET_INIT_MS = 100;

export interface FunctionBundleRow {
  /** The function, e.g. `bookings` or `notify-email`. */
  name: string;
  /** Served by the HTTP API (the targets apply to these). */
  http: boolean;
  minifiedKb: number;
  gzippedKb: number;
  /** Median wall time to import the bundle in a fresh process. */
  initMs: number;
  /**
   * Median CPU time of that import. On a busy machine the wall time mostly measures
   * waiting for a core; the CPU time is what the import itself costs, and the figure
   * the target is checked against.
   */
  initCpuMs: number;
  /** Whether zod is in the bundle. */
  zod: boolean;
}

/** Every function of a stack, by its folder in functions/; the targets apply to the HTTP ones. */
const functions: Array<{ name: string; http: boolean }> = [
  ...httpFunctionGroups.map((name) => ({ name, http: true })),
  ...['publisher', 'sweeper', 'notify-email', 'notify-sms', 'notify-inapp'].map((name) => ({ name, http: false })),
];

/** What `createFunction` sets (values stand in for the stack's tokens). */
export const lambdaEnvironment = {
  TABLE_NAME: 'planning-meetings-bench',
  EVENT_BUS_NAME: 'planning-meetings-bench',
  ROLES_CLAIM: 'roles',
  EMAIL_SENDER: 'planning@bench.example',
  EMAIL_SENDER_NAME: 'Planning meetings',
  ORGANISATION: 'bench',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};

/** `--alias:<package>` arguments as esbuild's option; CDK runs esbuild in the project root, so paths are relative to it. */
const aliasesOf = (args: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(args)
      .filter(([flag]) => flag.startsWith('--alias:'))
      .map(([flag, target]) => [flag.slice('--alias:'.length), path.resolve(projectRoot, String(target))]),
  );

/** One function group's bundle as CDK builds it, and the modules in it (project paths and node_modules paths). */
export const bundleFunction = async (group: string): Promise<{ code: string; modules: string[] }> => {
  const result = await build({
    entryPoints: [functionEntry(group)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: functionBundling.target,
    mainFields: functionBundling.mainFields,
    banner: { js: functionBundling.banner },
    minify: functionBundling.minify,
    tsconfig: functionBundling.tsconfig,
    alias: aliasesOf(functionBundling.esbuildArgs),
    external: functionBundling.externalModules,
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild wrote no bundle for ${group}`);
  // Modules esbuild read but tree-shook to nothing are not in the bundle.
  const inputs = Object.values(result.metafile.outputs).find((meta) => meta.entryPoint !== undefined)?.inputs ?? {};
  return { code: output.text, modules: Object.entries(inputs).flatMap(([module, input]) => (input.bytesInOutput > 0 ? [module] : [])) };
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const importTimer = (file: string): string =>
  `const cpu = process.cpuUsage(); const started = performance.now(); ` +
  `await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
  `const wall = performance.now() - started; const used = process.cpuUsage(cpu); ` +
  `process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));`;

const initTimes = async (file: string, runs: number): Promise<{ wall: number; cpu: number }> => {
  const times: Array<{ wall: number; cpu: number }> = [];
  for (let index = 0; index < runs; index += 1) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', importTimer(file)], {
      // As in Lambda, whose runtime sets the function's name: the settings are then read while the module loads.
      env: { PATH: process.env.PATH ?? '', ...lambdaEnvironment, AWS_LAMBDA_FUNCTION_NAME: path.basename(file, '.mjs') },
    });
    times.push(JSON.parse(stdout) as { wall: number; cpu: number });
  }
  return { wall: median(times.map((time) => time.wall)), cpu: median(times.map((time) => time.cpu)) };
};

const tenths = (value: number): number => Math.round(value * 10) / 10;

const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;

export const benchFunctionBundles = async (options: { runs?: number } = {}): Promise<FunctionBundleRow[]> => {
  const runs = options.runs ?? 5;
  const directory = mkdtempSync(path.join(tmpdir(), 'function-bundles-'));
  try {
    const rows: FunctionBundleRow[] = [];
    for (const measured of functions) {
      const { code, modules } = await bundleFunction(measured.name);
      const file = path.join(directory, `${measured.name}.mjs`);
      writeFileSync(file, code);
      const init = await initTimes(file, runs);
      rows.push({
        name: measured.name,
        http: measured.http,
        minifiedKb: kb(Buffer.byteLength(code)),
        gzippedKb: kb(gzipSync(code).length),
        initMs: tenths(init.wall),
        initCpuMs: tenths(init.cpu),
        zod: modules.some((module) => module.includes('node_modules/zod/')),
      });
    }
    return rows;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};

export const meetsTargets = (row: FunctionBundleRow): boolean =>
  !row.http || (row.minifiedKb <= TARGET_MINIFIED_KB && row.initCpuMs <= TARGET_INIT_MS);

const printRows = (rows: readonly FunctionBundleRow[]): void => {
  const header = ['function', 'minified KB', 'gzipped KB', 'init CPU ms', 'init wall ms', 'zod', 'target'];
  const cells = rows.map((row) => [
    row.name,
    row.minifiedKb.toFixed(1),
    row.gzippedKb.toFixed(1),
    row.initCpuMs.toFixed(1),
    row.initMs.toFixed(1),
    row.zod ? 'yes' : 'no',
    row.http ? (meetsTargets(row) ? 'met' : 'NOT met') : '—',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  for (const cell of [header, ...cells]) process.stdout.write(`  ${cell.map((text, column) => text.padEnd(widths[column]!)).join('  ')}\n`);
  process.stdout.write(`  targets for HTTP functions: ≤ ${TARGET_MINIFIED_KB} KB minified, ≤ ${TARGET_INIT_MS} ms init (CPU)\n`);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.chdir(projectRoot);
  printRows(await benchFunctionBundles());
}
