import * as z from 'zod';
import { PageLimit, PlainText } from '#domain/primitives.ts';

/** `?q=&limit=&cursor=`: records by name for the staff screens' pickers (SPEC §3.5). */
export const NameSearchQuery = z.strictObject({
  q: PlainText(100).optional().meta({ description: 'Words the name’s words start with, any case: "soft dev" finds "Software developer"' }),
  limit: PageLimit(100, 20),
  cursor: z.string().max(2000).optional(),
});
export type NameSearchQuery = z.infer<typeof NameSearchQuery>;
