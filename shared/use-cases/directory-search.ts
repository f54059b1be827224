import { DomainError } from '#domain/errors.ts';
import type { PermissionId } from '#domain/roles.ts';
import { searchWords } from '#domain/search-words.ts';
import type { Actor } from '#ports/actor.ts';
import { listedApprentices } from './authorisation.ts';
import type { ListApprenticesQuery, SearchUsersQuery } from './directory-inputs.ts';

/**
 * The planning meeting listing (SPEC §3.5, Appendix A): the apprentices the caller may
 * book for or manage (`listedApprentices`), found by name, gateway stage and current
 * meeting, a page at a time. Names rather than ids: the EPA's name comes with the page
 * (the store reads the EPAs' directory users beside the meetings), the standard's from
 * this process's five-second copy of the standards, which a listing seldom has to read.
 */
export const listApprentices = async (actor: Actor, query: ListApprenticesQuery) => {
  const listed = listedApprentices(actor);
  if (!listed) throw new DomainError('FORBIDDEN', 'The planning meeting listing needs a permission to book or manage planning meetings');
  const stages = listed.stages.filter((stage) => query.gatewayStatus === undefined || stage === query.gatewayStatus);
  const page = await actor.deps.listings.listApprentices(
    listed.everyApprentice ? { kind: 'organisation' } : { kind: 'linked', userId: actor.caller.userId, as: listed.linkedAs },
    { words: searchWords(query.q), stages, meeting: query.meeting },
    { limit: query.limit, cursor: query.cursor },
  );
  const standardIds = [...new Set(page.items.map((row) => row.standardId))];
  const standards = await actor.deps.records.readAllowingCopy(standardIds.map((id) => ({ kind: 'standard' as const, id })));
  return {
    items: page.items.map((row) => {
      const standardName = standards.of('standard', row.standardId)?.data.name;
      return { ...row, ...(standardName ? { standardName } : {}) };
    }),
    cursor: page.cursor ?? null,
  };
};

/** Who picks people by name (SPEC §3.5): staff, the holders of these; apprentices, providers and employers hold none. */
const STAFF_PERMISSIONS: readonly PermissionId[] = ['ManagePlanningMeetings', 'ManagePlanningCapacity', 'ConfigureSystem', 'ManageDirectory'];

/**
 * The directory search for the staff screens' pickers: names and roles, by name and
 * role, a page at a time. Contact details only for those who manage the directory.
 */
export const searchUsers = async (actor: Actor, query: SearchUsersQuery) => {
  if (!STAFF_PERMISSIONS.some((permission) => actor.permissions.has(permission))) {
    throw new DomainError('FORBIDDEN', `The directory search is for staff: it needs one of ${STAFF_PERMISSIONS.join(', ')}`);
  }
  const withContacts = actor.permissions.has('ManageDirectory');
  const page = await actor.deps.listings.searchUsers({ words: searchWords(query.q), role: query.role }, { limit: query.limit, cursor: query.cursor });
  return {
    items: page.items.map(({ id, name, roles, email, phone }) => ({ id, name, roles, ...(withContacts ? { email, ...(phone ? { phone } : {}) } : {}) })),
    cursor: page.cursor ?? null,
  };
};
