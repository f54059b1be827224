import { createHttpHandler } from '#api/http-handler.ts';
import { directoryRoutes } from '#api/routes/directory.ts';
import { readApprentice, readUser, saveApprentice, saveUser } from '#use-cases/directory.ts';
import { listApprentices, searchUsers } from '#use-cases/directory-search.ts';
import { dependencies } from './directory-dependencies.ts';

export const handler = createHttpHandler(
  'directory',
  directoryRoutes,
  {
    searchUsers: async (input) => ({ body: await searchUsers(input, input.query) }),
    listApprentices: async (input) => ({ body: await listApprentices(input, input.query) }),
    putUser: async (input) => ({ body: await saveUser(input, input.params.userId, input.body, input.ifMatch) }),
    getUser: async (input) => ({ body: await readUser(input, input.params.userId) }),
    putApprentice: async (input) => ({
      body: await saveApprentice(input, input.params.apprenticeId, input.body, input.ifMatch),
    }),
    getApprentice: async (input) => ({ body: await readApprentice(input, input.params.apprenticeId) }),
  },
  dependencies,
);
