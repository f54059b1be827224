import * as z from 'zod';
import { epochDayOf, LocalDate } from '#domain/primitives.ts';

export const MAX_SLOT_RANGE_DAYS = 93;

export const SlotsQuery = z
  .strictObject({ from: LocalDate, to: LocalDate })
  .superRefine((query, context) => {
    const days = epochDayOf(query.to) - epochDayOf(query.from);
    if (days < 0) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days + 1 > MAX_SLOT_RANGE_DAYS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_SLOT_RANGE_DAYS} days` });
    }
  });
