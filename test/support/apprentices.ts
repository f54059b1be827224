import type { TestApi } from './api-client.ts';

/**
 * A fresh apprentice (directory user and record) on the demo's default standard
 * ST0116, whose slots come from the system group of three EPAs.
 */
export const createApprentice = async (
  api: TestApi,
  id: string,
  options: { now: number; user?: Record<string, unknown>; record?: Record<string, unknown> },
): Promise<string> => {
  const by = { by: 'test', now: options.now };
  await api.host.deps.records.put('user', id, { name: id, email: `${id}@example.org`, roles: ['apprentice'], ...options.user }, by);
  await api.host.deps.records.put('apprentice', id, { standardId: 'ST0116', epaId: null, aoContactId: null, ...options.record }, by);
  return id;
};
