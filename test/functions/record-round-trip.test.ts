import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#api/routes.ts';
import { TestApi } from '../support/api-client.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  // A host of its own: every test here writes configuration.
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

/** A record of the demo data for each path parameter. */
const demoIds: Record<string, string> = { userId: 'epa-1', apprenticeId: 'apprentice-1', standardId: 'ST0116', groupId: 'planning-meeting-bookings' };

/** The field GET answers the record's id in: `userId` for a user's schedule, `id` for a record named by the path, none for configuration. */
const idFieldOf = (path: string): 'id' | 'userId' | undefined =>
  path === '/users/{userId}/availability' ? 'userId' : path.endsWith('}') ? 'id' : undefined;

/** Every record a client can read and write back: the PUT routes that have a GET on the same path. */
const recordRoutes = routes
  .filter((route) => route.method === 'PUT' && routes.some((other) => other.method === 'GET' && other.path === route.path))
  .map((route) => ({
    operationId: route.operationId,
    path: route.path.replace(/\{(\w+)\}/g, (_, name: string) => demoIds[name]!),
    idField: idFieldOf(route.path),
  }));

describe('every record GET answers can be PUT back as it is', () => {
  it('covers the directory and every configuration record', () => {
    expect(recordRoutes.map((route) => route.path).sort()).toEqual([
      '/apprentices/apprentice-1',
      '/configuration/availability',
      '/configuration/notifications',
      '/configuration/permissions',
      '/groups/planning-meeting-bookings',
      '/standards/ST0116',
      '/users/epa-1',
      '/users/epa-1/availability',
    ]);
    expect(recordRoutes.find((route) => route.path === '/users/epa-1/availability')?.idField).toBe('userId');
    expect(recordRoutes.find((route) => route.path === '/configuration/permissions')?.idField).toBeUndefined();
  });

  describe.each(recordRoutes)('$operationId', ({ path, idField }) => {
    const read = async () => {
      const answer = await api.get(path, { as: 'demo-owner' });
      expect(answer.status).toBe(200);
      return answer.body as Record<string, unknown> & { version: number };
    };

    it('takes back the body GET answered, read-only fields and all, and changes nothing but the stamps', async () => {
      const before = await read();
      const written = await api.put(path, { as: 'demo-owner', body: before });
      expect(written.status, JSON.stringify(written.body)).toBe(200);
      const { version, updatedAt: _at, updatedBy: _by, ...fields } = before;
      expect(written.body).toEqual({ ...fields, version: version + 1, updatedAt: new Date(NOW).toISOString(), updatedBy: 'demo-owner' });
      expect(written.headers.get('etag')).toBe(`"${version + 1}"`);
      expect(await read()).toEqual(written.body);
    });

    it('takes the body’s version as If-Match: a body read before someone else’s write is refused with 412', async () => {
      const before = await read();
      expect((await api.put(path, { as: 'demo-owner', body: before })).status).toBe(200);
      const stale = await api.put(path, { as: 'demo-owner', body: before });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('VERSION_MISMATCH');
      // An If-Match header is the explicit precondition and wins over the body's version.
      const current = await read();
      const overHeader = await api.put(path, { as: 'demo-owner', body: before, headers: { 'if-match': `"${current.version}"` } });
      expect(overHeader.status).toBe(200);
      expect(overHeader.body.version).toBe(current.version + 1);
    });

    it('ignores the id and the stamps sent: the path names the record and the write stamps it', async () => {
      const { version: _version, ...before } = await read();
      const body = { ...before, updatedAt: '2000-01-01T00:00:00Z', updatedBy: 'somebody-else', ...(idField ? { [idField]: 'another-record' } : {}) };
      const written = await api.put(path, { as: 'demo-owner', body });
      expect(written.status, JSON.stringify(written.body)).toBe(200);
      expect(written.body).toMatchObject({ updatedAt: new Date(NOW).toISOString(), updatedBy: 'demo-owner' });
      if (idField) expect(written.body[idField]).toBe(path.split('/')[2]);
    });

    it('still refuses a field it does not know', async () => {
      const answer = await api.put(path, { as: 'demo-owner', body: { ...(await read()), colour: 'red' } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toContainEqual({ path: '(body)', message: 'unknown field(s): colour' });
    });
  });
});
