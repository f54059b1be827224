import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { type HttpFunctionGroup, httpFunctionGroups } from '#api/function-groups.ts';
import {
  createFunctions,
  type FunctionDefinition,
  functionEntry,
  type StackResources,
} from './lambda-function.ts';

type Access = Pick<FunctionDefinition, 'tableAccess' | 'publishesEvents'>;

/**
 * What each HTTP function group may do beyond answering its routes. Checked against the
 * group list, so a new group does not compile until someone decides its access; groups
 * planned but not yet in the list may be decided ahead.
 */
export const httpFunctionAccess = {
  health: { tableAccess: 'none', publishesEvents: false },
  availability: { tableAccess: 'read', publishesEvents: false },
  // With the outbox, handlers never publish: the publisher and the sweeper do.
  bookings: { tableAccess: 'readWrite', publishesEvents: false },
  // Reads a meeting and writes it as iCalendar.
  calendar: { tableAccess: 'read', publishesEvents: false },
  capacity: { tableAccess: 'readWrite', publishesEvents: false },
  configuration: { tableAccess: 'readWrite', publishesEvents: false },
  directory: { tableAccess: 'readWrite', publishesEvents: false },
  // Marks in-app notifications read.
  notifications: { tableAccess: 'readWrite', publishesEvents: false },
} as const satisfies Record<HttpFunctionGroup, Access> & Record<string, Access>;

export const httpFunctionDefinitions = (): Array<FunctionDefinition & { name: HttpFunctionGroup }> =>
  httpFunctionGroups.map((group) => ({ name: group, entry: functionEntry(group), ...httpFunctionAccess[group] }));

/** One function per HTTP function group; the HTTP API routes each route to its group's function. */
export const createApiFunctions = (
  scope: Construct,
  resources: StackResources,
): Record<HttpFunctionGroup, NodejsFunction> => createFunctions(scope, httpFunctionDefinitions(), resources);
