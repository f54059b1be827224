import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Arrows point inward: functions → shared → shared/domain. Each rule below names
 * the direction it forbids and why; the test lists every import that breaks one,
 * as "file → specifier (what it resolves to)". Imports of types count: a type
 * import still couples the layers, and moves with them.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNED = ['shared', 'functions'];

/** Where an import leads: a project file (path from the root, `/`-separated), an npm package, or a Node built-in. */
type Target =
  | { kind: 'project'; path: string }
  | { kind: 'package'; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'unmapped'; specifier: string };

interface ImportEdge {
  file: string;
  specifier: string;
  target: Target;
  typeOnly: boolean;
}

interface Rule {
  name: string;
  why: string;
  from: (file: string) => boolean;
  forbids: (target: Target) => boolean;
}

interface Exception {
  file: string;
  /** The project path (or package name) it may import against the rule. */
  imports: string;
  rule: string;
  why: string;
}

const under = (folder: string) => (path: string): boolean => path.startsWith(`${folder}/`);
const projectUnder = (folder: string) => (target: Target): boolean => target.kind === 'project' && under(folder)(target.path);
const DOMAIN_PACKAGES = new Set(['zod', 'luxon']);
const isAwsSdk = (target: Target): boolean => target.kind === 'package' && (target.name.startsWith('@aws-sdk/') || target.name.startsWith('@smithy/') || target.name === 'aws-sdk');

/**
 * The adapters: the whole store, and each module of shared/channels and shared/events
 * that talks to the world, that is imports a package other than zod and luxon (an SDK,
 * a MIME or iCalendar writer) or the store. Found from the imports themselves, so a new
 * adapter is one without being listed; filled once the sources are read (below).
 */
const adapterModules = new Set<string>();
const ADAPTER_FOLDERS = ['shared/channels', 'shared/events'];
const adaptersAmong = (edges: readonly ImportEdge[]): Set<string> =>
  new Set(
    edges
      .filter(
        (edge) =>
          ADAPTER_FOLDERS.some((folder) => under(folder)(edge.file)) &&
          ((edge.target.kind === 'package' && !DOMAIN_PACKAGES.has(edge.target.name)) || projectUnder('shared/store')(edge.target)),
      )
      .map((edge) => edge.file),
  );
const isAdapter = (target: Target): boolean => projectUnder('shared/store')(target) || (target.kind === 'project' && adapterModules.has(target.path));

const rules: readonly Rule[] = [
  {
    name: 'shared/domain imports only shared/domain, zod and luxon',
    why: 'the domain is plain data in, plain data out: no store, no clock, no HTTP',
    from: under('shared/domain'),
    forbids: (target) =>
      target.kind === 'builtin' ||
      target.kind === 'unmapped' ||
      (target.kind === 'project' && !under('shared/domain')(target.path)) ||
      (target.kind === 'package' && !DOMAIN_PACKAGES.has(target.name)),
  },
  {
    name: 'shared/domain imports nothing from the AWS SDK',
    why: 'the same domain runs on a laptop and in Lambda',
    from: under('shared/domain'),
    forbids: isAwsSdk,
  },
  {
    name: 'shared/use-cases import nothing from shared/api',
    why: 'use cases own their inputs; the HTTP frame is one caller among several (the sweeper, the publisher)',
    from: under('shared/use-cases'),
    forbids: projectUnder('shared/api'),
  },
  {
    name: 'shared/use-cases import no adapter (shared/store, nor a module of shared/channels or shared/events that talks to the world)',
    why: 'use cases see the stores, the bus and the channels through their interfaces in shared/ports, so an adapter can be replaced (DynamoDB, the embedded store, a fake) without touching them',
    from: under('shared/use-cases'),
    forbids: isAdapter,
  },
  {
    name: 'shared/store, shared/events and shared/channels import nothing from shared/use-cases',
    why: 'adapters are called by use cases, never the other way round',
    from: (file) => ['shared/store', 'shared/events', 'shared/channels'].some((folder) => under(folder)(file)),
    forbids: projectUnder('shared/use-cases'),
  },
  {
    name: 'shared/ports import nothing from shared/use-cases or shared/api',
    why: 'adapters import the ports (Logger, Dependencies, Actor), so a port that reached into the use cases would lead them there too',
    from: under('shared/ports'),
    forbids: (target) => projectUnder('shared/use-cases')(target) || projectUnder('shared/api')(target),
  },
  {
    name: 'shared/ports import only shared/domain and each other',
    why: 'a port is the interface both sides share: one that imported an adapter would tie every use case to it (a wall in the wrong place)',
    from: under('shared/ports'),
    forbids: (target) => !(target.kind === 'project' && (under('shared/domain')(target.path) || under('shared/ports')(target.path))),
  },
  {
    name: 'shared/ and functions/ import nothing from lib/',
    why: 'lib/ hosts the code (CDK, local mode); the hosted code does not know its host',
    from: (file) => under('shared')(file) || under('functions')(file),
    forbids: projectUnder('lib'),
  },
];

/**
 * Imports that break a rule on purpose. Each names the one file and target it
 * allows; one that no longer matches an import fails the test, so this list
 * only ever shows what is true.
 */
const PORTS_ONLY = 'shared/ports import only shared/domain and each other';
const NO_ADAPTER = 'shared/use-cases import no adapter (shared/store, nor a module of shared/channels or shared/events that talks to the world)';
const exceptions: readonly Exception[] = [
  { file: 'shared/use-cases/meeting-calendar.ts', imports: 'shared/channels/icalendar.ts', rule: NO_ADAPTER, why: 'the .ics download writes the same invite as the email; a calendar port would carry it' },
];

interface PackageImports {
  [pattern: string]: string;
}

const packageImports = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: PackageImports }).imports;

/** A specifier as Node resolves it: `#…` through package.json "imports", relative paths against the importing file. */
const resolveSpecifier = (file: string, specifier: string, imports: PackageImports = packageImports): Target => {
  if (specifier.startsWith('#')) {
    for (const [pattern, replacement] of Object.entries(imports)) {
      const star = pattern.indexOf('*');
      if (star < 0 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star))) {
        const path = star < 0 ? replacement : replacement.replace('*', specifier.slice(star));
        return { kind: 'project', path: posix.normalize(path) };
      }
    }
    return { kind: 'unmapped', specifier };
  }
  if (specifier.startsWith('.')) return { kind: 'project', path: posix.normalize(posix.join(posix.dirname(file), specifier)) };
  if (specifier.startsWith('node:')) return { kind: 'builtin', name: specifier.slice('node:'.length) };
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return { kind: 'package', name };
};

const namedImportsAreTypes = (clause: ts.ImportClause): boolean =>
  clause.isTypeOnly ||
  (clause.name === undefined &&
    clause.namedBindings !== undefined &&
    ts.isNamedImports(clause.namedBindings) &&
    clause.namedBindings.elements.length > 0 &&
    clause.namedBindings.elements.every((element) => element.isTypeOnly));

/** Every static import and re-export, `import()` (a template's leading text stands for it) and `import('…').Type` of one source file. */
const importsOf = (file: string, source: string): ImportEdge[] => {
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    edges.push({ file, specifier, target: resolveSpecifier(file, specifier), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause !== undefined && namedImportsAreTypes(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) add(argument.text, false);
      else if (argument && ts.isTemplateExpression(argument)) add(argument.head.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  return edges;
};

const describeTarget = (target: Target): string => {
  switch (target.kind) {
    case 'project':
      return target.path;
    case 'package':
      return `npm package ${target.name}`;
    case 'builtin':
      return `Node built-in ${target.name}`;
    case 'unmapped':
      return 'no package.json "imports" entry';
  }
};

const targetName = (target: Target): string => (target.kind === 'project' ? target.path : target.kind === 'unmapped' ? target.specifier : target.name);

const describeEdge = (edge: ImportEdge): string =>
  `${edge.file} → '${edge.specifier}' (${describeTarget(edge.target)})${edge.typeOnly ? ' [type only]' : ''}`;

const isExcepted = (rule: Rule, edge: ImportEdge, allowed: readonly Exception[]): boolean =>
  allowed.some((exception) => exception.rule === rule.name && exception.file === edge.file && exception.imports === targetName(edge.target));

/** The imports that break `rule`, as lines naming the file and what it imports. */
const violationsOf = (rule: Rule, edges: readonly ImportEdge[], allowed: readonly Exception[] = exceptions): string[] =>
  edges.filter((edge) => rule.from(edge.file) && rule.forbids(edge.target) && !isExcepted(rule, edge, allowed)).map(describeEdge);

const sourceFiles = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();

const files = SCANNED.flatMap(sourceFiles);
const edges = files.flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), 'utf8')));
for (const adapter of adaptersAmong(edges)) adapterModules.add(adapter);

describe('layering: every import points inward', () => {
  it('reads the sources it checks', () => {
    expect(files.filter(under('shared/domain')).length).toBeGreaterThan(5);
    expect(files.filter(under('functions')).length).toBeGreaterThan(5);
    expect(edges.filter((edge) => edge.specifier.startsWith('#')).length).toBeGreaterThan(50);
  });

  it('every # import is one that package.json "imports" maps', () => {
    expect(edges.filter((edge) => edge.target.kind === 'unmapped').map(describeEdge)).toEqual([]);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    expect(violationsOf(rule, edges), `${rule.name}: ${rule.why}`).toEqual([]);
  });

  it.each(exceptions.map((exception) => [`${exception.file} → ${exception.imports}`, exception] as const))(
    'the exception %s still matches an import (else remove it here)',
    (_name, exception) => {
      expect(rules.some((rule) => rule.name === exception.rule)).toBe(true);
      expect(edges.some((edge) => edge.file === exception.file && targetName(edge.target) === exception.imports)).toBe(true);
    },
  );
});

describe('layering: the checker itself', () => {
  const ruleNamed = (name: string): Rule => rules.find((rule) => rule.name === name)!;

  it.each([
    ['shared/domain/slots.ts', "import { keys } from '#store/keys.ts';", 'shared/domain imports only shared/domain, zod and luxon', "shared/domain/slots.ts → '#store/keys.ts' (shared/store/keys.ts)"],
    ['shared/domain/slots.ts', "import type { Clock } from '../ports/clock.ts';", 'shared/domain imports only shared/domain, zod and luxon', "shared/domain/slots.ts → '../ports/clock.ts' (shared/ports/clock.ts) [type only]"],
    ['shared/domain/slots.ts', "import { randomUUID } from 'node:crypto';", 'shared/domain imports only shared/domain, zod and luxon', "shared/domain/slots.ts → 'node:crypto' (Node built-in crypto)"],
    ['shared/domain/slots.ts', "import { GetItemCommand } from '@aws-sdk/client-dynamodb';", 'shared/domain imports nothing from the AWS SDK', "shared/domain/slots.ts → '@aws-sdk/client-dynamodb' (npm package @aws-sdk/client-dynamodb)"],
    ['shared/use-cases/book.ts', "export { MeetingBody } from '#api/meeting-schemas.ts';", 'shared/use-cases import nothing from shared/api', "shared/use-cases/book.ts → '#api/meeting-schemas.ts' (shared/api/meeting-schemas.ts)"],
    ['shared/store/meetings.ts', "type Input = import('#use-cases/meeting-inputs.ts').MeetingInput;", 'shared/store, shared/events and shared/channels import nothing from shared/use-cases', "shared/store/meetings.ts → '#use-cases/meeting-inputs.ts' (shared/use-cases/meeting-inputs.ts) [type only]"],
    ['shared/use-cases/book.ts', "import { MeetingWriteConflict } from '#store/meetings.ts';", NO_ADAPTER, "shared/use-cases/book.ts → '#store/meetings.ts' (shared/store/meetings.ts)"],
    ['shared/use-cases/book.ts', "import type { RecordKind } from '../store/keys.ts';", NO_ADAPTER, "shared/use-cases/book.ts → '../store/keys.ts' (shared/store/keys.ts) [type only]"],
    ['shared/ports/dependencies.ts', "import type { Repositories } from '#store/repositories.ts';", PORTS_ONLY, "shared/ports/dependencies.ts → '#store/repositories.ts' (shared/store/repositories.ts) [type only]"],
    ['shared/ports/clock.ts', "import { z } from 'zod';", PORTS_ONLY, "shared/ports/clock.ts → 'zod' (npm package zod)"],
    ['shared/use-cases/send.ts', "import { SesEmailChannel } from '#channels/ses-email-channel.ts';", NO_ADAPTER, "shared/use-cases/send.ts → '#channels/ses-email-channel.ts' (shared/channels/ses-email-channel.ts)"],
    ['shared/use-cases/publish.ts', "import { EventBridgeBus } from '#events/eventbridge-bus.ts';", NO_ADAPTER, "shared/use-cases/publish.ts → '#events/eventbridge-bus.ts' (shared/events/eventbridge-bus.ts)"],
    ['functions/bookings/handler.ts', 'const host = await import(`../../lib/local/${name}.ts`);', 'shared/ and functions/ import nothing from lib/', "functions/bookings/handler.ts → '../../lib/local/' (lib/local/)"],
    ['shared/events/bus.ts', "import { stack } from '#aws/stack.ts';", 'shared/ and functions/ import nothing from lib/', "shared/events/bus.ts → '#aws/stack.ts' (lib/aws/stack.ts)"],
  ])('%s: %s breaks "%s"', (file, source, ruleName, expected) => {
    expect(violationsOf(ruleNamed(ruleName), importsOf(file, source), [])).toEqual([expected]);
  });

  it.each([
    ['shared/domain/slots.ts', "import { z } from 'zod';\nimport { DateTime } from 'luxon';\nimport { Id } from './primitives.ts';\nimport type { Caller } from '#domain/roles.ts';"],
    ['shared/channels/email.ts', "import MailComposer from 'nodemailer/lib/mail-composer/index.js';"],
    ['shared/use-cases/book.ts', "import { MeetingInput } from './meeting-inputs.ts';\nimport type { MeetingStore } from '#ports/meeting-store.ts';\nimport { MeetingWriteConflict } from '#domain/meeting-write-conflict.ts';"],
    ['shared/ports/meeting-store.ts', "import type { PlanningMeeting } from '#domain/planning-meeting.ts';\nimport type { Page } from './page.ts';"],
  ])('%s: allowed imports pass', (file, source) => {
    expect(rules.flatMap((rule) => violationsOf(rule, importsOf(file, source), []))).toEqual([]);
  });

  it('a module of shared/channels or shared/events is an adapter when it imports a package beyond zod and luxon, or the store', () => {
    const example = [
      ...importsOf('shared/channels/push-channel.ts', "import webpush from 'web-push';\nimport type { Channels } from './channel-ports.ts';"),
      ...importsOf('shared/events/stored-bus.ts', "import type { TableClient } from '#store/table-client.ts';"),
      ...importsOf('shared/channels/channel-ports.ts', "import * as z from 'zod';\nimport type { PlanningMeeting } from '#domain/planning-meeting.ts';"),
    ];
    expect([...adaptersAmong(example)].sort()).toEqual(['shared/channels/push-channel.ts', 'shared/events/stored-bus.ts']);
  });

  it('an exception allows only its own file and target', () => {
    const rule = ruleNamed('shared/ports import nothing from shared/use-cases or shared/api');
    const example = "import type { SomeHelper } from '#use-cases/some-helper.ts';";
    const allowed: Exception[] = [{ file: 'shared/ports/dependencies.ts', imports: 'shared/use-cases/some-helper.ts', rule: rule.name, why: 'an example' }];
    expect(violationsOf(rule, importsOf('shared/ports/dependencies.ts', example), allowed)).toEqual([]);
    expect(violationsOf(rule, importsOf('shared/ports/actor.ts', example), allowed)).toHaveLength(1);
  });
});
