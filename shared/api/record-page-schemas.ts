import * as z from 'zod';
import { GroupRecord, StandardRecord } from './record-schemas.ts';

/** A page of records found by name (GET /standards, GET /groups). */
export const StandardPage = z.object({ items: z.array(StandardRecord), cursor: z.string().nullable() });
export const GroupPage = z.object({ items: z.array(GroupRecord), cursor: z.string().nullable() });
