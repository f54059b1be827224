import { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { ListApprenticesQuery, SearchUsersQuery } from '#use-cases/directory-inputs.ts';
import { ApprenticeListingPage, DirectorySearchPage } from '../directory-schemas.ts';
import { ApprenticeIdParams, ApprenticeRecord, UserIdParams, UserRecord } from '../record-schemas.ts';
import type { GroupRoute } from '../route.ts';

/** Directory (ManageDirectory; reads also for the person themself, see use cases) */
export const directoryRoutes = [
  {
    operationId: 'searchUsers',
    method: 'GET',
    path: '/users',
    group: 'directory',
    access: { kind: 'authenticated' },
    summary:
      'Directory search for the staff screens’ pickers: users by name (each word searched for starts a word of the name) and role, a page at a time; email and phone only with ManageDirectory (staff only: ManagePlanningMeetings, ManagePlanningCapacity, ConfigureSystem or ManageDirectory)',
    query: SearchUsersQuery,
    response: DirectorySearchPage,
    successStatus: 200,
  },
  {
    operationId: 'putUser',
    method: 'PUT',
    path: '/users/{userId}',
    group: 'directory',
    access: { kind: 'permission', permission: 'ManageDirectory' },
    summary: 'Create or replace a directory user',
    params: UserIdParams,
    body: UserInput,
    response: UserRecord,
    headers: ['If-Match'],
    successStatus: 200,
  },
  {
    operationId: 'getUser',
    method: 'GET',
    path: '/users/{userId}',
    group: 'directory',
    access: { kind: 'authenticated' },
    summary: 'Read a directory user (themself; ManageDirectory, ManagePlanningCapacity or ConfigureSystem; for an apprentice also those who book for or meet them)',
    params: UserIdParams,
    response: UserRecord,
    successStatus: 200,
  },
  {
    operationId: 'listApprentices',
    method: 'GET',
    path: '/apprentices',
    group: 'directory',
    access: { kind: 'authenticated' },
    summary:
      'The planning meeting listing: the apprentices you may book for or manage (yourself; those linked to you; every one, organisation-wide), by name, gateway stage and current planning meeting, a page at a time',
    query: ListApprenticesQuery,
    response: ApprenticeListingPage,
    successStatus: 200,
  },
  {
    operationId: 'putApprentice',
    method: 'PUT',
    path: '/apprentices/{apprenticeId}',
    group: 'directory',
    access: { kind: 'permission', permission: 'ManageDirectory' },
    summary: 'Create or replace an apprentice record',
    params: ApprenticeIdParams,
    body: ApprenticeInput,
    response: ApprenticeRecord,
    headers: ['If-Match'],
    successStatus: 200,
  },
  {
    operationId: 'getApprentice',
    method: 'GET',
    path: '/apprentices/{apprenticeId}',
    group: 'directory',
    access: { kind: 'authenticated' },
    summary: 'Read an apprentice record (the apprentice; ManageDirectory, ManagePlanningCapacity or ConfigureSystem; those who book for or meet them)',
    params: ApprenticeIdParams,
    response: ApprenticeRecord,
    successStatus: 200,
  },
] as const satisfies readonly GroupRoute<'directory'>[];
