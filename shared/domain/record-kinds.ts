/** The kinds of versioned record the directory and the configuration are made of. */
export const recordKinds = ['user', 'apprentice', 'standard', 'group', 'availability', 'configuration'] as const;
export type RecordKind = (typeof recordKinds)[number];
