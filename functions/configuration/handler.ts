import { createHttpHandler } from '#api/http-handler.ts';
import { configurationRoutes } from '#api/routes/configuration.ts';
import {
  deleteGroup,
  listGroups,
  listStandards,
  readAvailabilityConfiguration,
  readCommunicationConfiguration,
  saveCommunicationConfiguration,
  readAvailabilitySchedule,
  readGroup,
  readPermissionsConfiguration,
  readStandard,
  saveAvailabilityConfiguration,
  saveAvailabilitySchedule,
  saveGroup,
  savePermissionsConfiguration,
  saveStandard,
} from '#use-cases/configuration.ts';
import { dependencies } from '../http-dependencies.ts';

export const handler = createHttpHandler(
  'configuration',
  configurationRoutes,
  {
    listStandards: async (input) => ({ body: await listStandards(input, input.query) }),
    listGroups: async (input) => ({ body: await listGroups(input, input.query) }),
    putStandard: async (input) => ({ body: await saveStandard(input, input.params.standardId, input.body, input.ifMatch) }),
    getStandard: async (input) => ({ body: await readStandard(input, input.params.standardId) }),
    putGroup: async (input) => ({ body: await saveGroup(input, input.params.groupId, input.body, input.ifMatch) }),
    getGroup: async (input) => ({ body: await readGroup(input, input.params.groupId) }),
    deleteGroup: async (input) => {
      await deleteGroup(input, input.params.groupId, input.ifMatch);
      return {};
    },
    putUserAvailability: async (input) => ({
      body: await saveAvailabilitySchedule(input, input.params.userId, input.body, input.ifMatch),
    }),
    getUserAvailability: async (input) => ({ body: await readAvailabilitySchedule(input, input.params.userId) }),
    getAvailabilityConfiguration: async (input) => ({ body: await readAvailabilityConfiguration(input) }),
    putAvailabilityConfiguration: async (input) => ({
      body: await saveAvailabilityConfiguration(input, input.body, input.ifMatch),
    }),
    getCommunicationConfiguration: async (input) => ({ body: await readCommunicationConfiguration(input) }),
    putCommunicationConfiguration: async (input) => ({
      body: await saveCommunicationConfiguration(input, input.body, input.ifMatch),
    }),
    getPermissionsConfiguration: async (input) => ({ body: await readPermissionsConfiguration(input) }),
    putPermissionsConfiguration: async (input) => ({
      body: await savePermissionsConfiguration(input, input.body, input.ifMatch),
    }),
  },
  dependencies,
);
