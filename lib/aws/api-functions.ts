import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { type HttpFunctionGroup, httpFunctionGroups } from '#api/function-groups.ts';
import {
  createFunctions,
  type FunctionDefinition,
  functionEntry,
  type StackResources,
} from './lambda-function.ts';
import type { TablePartition } from './table-partitions.ts';

type Access = Pick<FunctionDefinition, 'tableAccess' | 'publishesEvents'>;

/** What a change to meetings writes, in one transaction (`MeetingRepository.commit`). */
export const meetingChange = ['meeting', 'claim', 'apprentice', 'event', 'idempotency'] as const satisfies readonly TablePartition[];

/**
 * What each HTTP function group may do beyond answering its routes: the table partitions
 * it writes (`docs/data-model.md`) and whether it publishes. Checked against the group
 * list, so a new group does not compile until someone decides its access; groups planned
 * but not yet in the list may be decided ahead. `test/lib/aws/table-write-grants.test.ts`
 * runs each group's handler against a table that refuses any other partition.
 */
export const httpFunctionAccess = {
  health: { tableAccess: 'none', publishesEvents: false },
  availability: { tableAccess: 'read', publishesEvents: false },
  // A change is one transaction: the meeting and its history, the EPAs' claim weeks, the
  // apprentice's active-meeting marker, the outbox events and the idempotency record. Which
  // meeting, EPA or apprentice is the request's, so only the kinds can be named.
  // With the outbox, handlers never publish: the publisher and the sweeper do.
  bookings: { tableAccess: { writes: meetingChange }, publishesEvents: false },
  // Reads a meeting and writes it as iCalendar.
  calendar: { tableAccess: 'read', publishesEvents: false },
  // Approvals, rejections, reassignments and reschedules in batches, with the batch's key.
  capacity: { tableAccess: { writes: meetingChange }, publishesEvents: false },
  // Standards, groups, the configuration records and EPAs' availability schedules (USER#).
  configuration: { tableAccess: { writes: ['standard', 'group', 'configuration', 'user'] }, publishesEvents: false },
  // Users and apprentice records.
  directory: { tableAccess: { writes: ['user', 'apprentice'] }, publishesEvents: false },
  // Marks in-app notifications read (USER#<caller>).
  notifications: { tableAccess: { writes: ['user'] }, publishesEvents: false },
} as const satisfies Record<HttpFunctionGroup, Access> & Record<string, Access>;

export const httpFunctionDefinitions = (): Array<FunctionDefinition & { name: HttpFunctionGroup }> =>
  httpFunctionGroups.map((group) => ({ name: group, entry: functionEntry(group), ...httpFunctionAccess[group] }));

/** One function per HTTP function group; the HTTP API routes each route to its group's function. */
export const createApiFunctions = (
  scope: Construct,
  resources: StackResources,
): Record<HttpFunctionGroup, NodejsFunction> => createFunctions(scope, httpFunctionDefinitions(), resources);
