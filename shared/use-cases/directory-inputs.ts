import * as z from 'zod';
import { GatewayStatus } from '#domain/gateway.ts';
import { PageLimit } from '#domain/primitives.ts';
import { RoleId } from '#domain/roles.ts';

// What the planning meeting listing and the directory search take (SPEC §3.5); the route table validates queries with these.

/** A name, or the start of its words, as typed: "ami", "Alan Tur". */
const NameSearch = z
  .string()
  .trim()
  .max(200)
  .optional()
  .meta({ description: 'Words that each start a word of the name, any case ("ami" finds Amira Apprentice, "alan tur" Alan Turing)' });

const Cursor = z.string().max(2000).optional().meta({ description: 'The cursor of the previous page, unchanged' });

export const ListApprenticesQuery = z.strictObject({
  q: NameSearch,
  gatewayStatus: GatewayStatus.optional(),
  meeting: z
    .enum(['none', 'provisional', 'confirmed'])
    .optional()
    .meta({ description: 'none: no provisional or confirmed planning meeting; provisional or confirmed: the current one is' }),
  limit: PageLimit(100, 25),
  cursor: Cursor,
});
export type ListApprenticesQuery = z.output<typeof ListApprenticesQuery>;

export const SearchUsersQuery = z.strictObject({
  q: NameSearch,
  role: RoleId.optional(),
  limit: PageLimit(100, 25),
  cursor: Cursor,
});
export type SearchUsersQuery = z.output<typeof SearchUsersQuery>;
