/**
 * The only place that knows how entities map to keys (see docs/data-model.md).
 * Every id that reaches a key was validated by `Id` (no `#`), so keys cannot collide.
 */
export const recordKinds = ['user', 'apprentice', 'standard', 'group', 'availability', 'configuration'] as const;
export type RecordKind = (typeof recordKinds)[number];

export interface ItemKey {
  pk: string;
  sk: string;
}

const partitionPrefix: Record<RecordKind, string> = {
  user: 'USER#',
  apprentice: 'APPRENTICE#',
  standard: 'STANDARD#',
  group: 'GROUP#',
  availability: 'USER#',
  configuration: 'CONFIG#',
};

const sortKeyOf: Record<RecordKind, string> = {
  user: 'PROFILE',
  apprentice: 'APPRENTICE',
  standard: 'STANDARD',
  group: 'GROUP',
  availability: 'AVAILABILITY',
  configuration: 'CONFIG',
};

export const recordKey = (kind: RecordKind, id: string): ItemKey => ({
  pk: `${partitionPrefix[kind]}${id}`,
  sk: sortKeyOf[kind],
});
