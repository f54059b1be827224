import * as z from 'zod';
import { GatewayStatus } from '#domain/gateway.ts';
import { Id, LocalDate } from '#domain/primitives.ts';
import { RoleId } from '#domain/roles.ts';

/**
 * One row of the planning meeting listing (SPEC §3.5, Appendix A): names beside the ids,
 * so that a screen shows no raw id. Named only as part of its page: an `id` on a schema
 * held by another answer comes out as a reference the document cannot resolve.
 */
export const ApprenticeListing = z
  .object({
    id: Id,
    name: z.string(),
    standardId: Id,
    standardName: z.string().optional().meta({ description: 'Absent only when the standard is gone' }),
    gateway: z.object({
      status: GatewayStatus,
      estimatedEpaDate: LocalDate.nullable(),
      submittedDate: LocalDate.nullable(),
      auditSubmittedDate: LocalDate.nullable(),
    }),
    epaId: Id.nullable(),
    epaName: z.string().optional().meta({ description: 'The assigned EPA’s name; absent when none is assigned' }),
    planningMeeting: z
      .object({ id: Id, status: z.enum(['provisional', 'confirmed']), start: z.string() })
      .nullable()
      .meta({ description: 'The current (provisional or confirmed) planning meeting, or null' }),
  });

export const ApprenticeListingPage = z
  .object({ items: z.array(ApprenticeListing), cursor: z.string().nullable() })
  .meta({ id: 'ApprenticeListingPage' });

/** A directory user as a picker shows them; email and phone only for those who manage the directory. */
export const DirectoryEntry = z
  .object({
    id: Id,
    name: z.string(),
    roles: z.array(RoleId),
    email: z.string().optional().meta({ description: 'Only for callers with ManageDirectory' }),
    phone: z.string().optional().meta({ description: 'Only for callers with ManageDirectory, and only when known' }),
  });

export const DirectorySearchPage = z
  .object({ items: z.array(DirectoryEntry), cursor: z.string().nullable() })
  .meta({ id: 'DirectorySearchPage' });
