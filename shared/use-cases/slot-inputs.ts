import * as z from 'zod';
import { LocalDate, refineDateRange } from '#domain/primitives.ts';

export const MAX_SLOT_RANGE_DAYS = 93;

export const SlotsQuery = z.strictObject({ from: LocalDate, to: LocalDate }).superRefine(refineDateRange(MAX_SLOT_RANGE_DAYS));
