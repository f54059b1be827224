/**
 * The parts that the store's condition expressions are made of, each named for what it
 * guards, so that a write reads as its rule: `anyOf(itemIsNew, versionIs(3))`.
 * Values are bound by name (`:expected`, `:now`, …), so a part carries its own.
 */
export interface ConditionPart {
  expression: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

/** The item is not in the table yet (every item has `pk`). */
export const itemIsNew: ConditionPart = { expression: 'attribute_not_exists(pk)' };

/** The item is in the table. */
export const itemExists: ConditionPart = { expression: 'attribute_exists(pk)' };

/** The item is still at the version that was read: nobody wrote it since. */
export const versionIs = (expected: number): ConditionPart => ({ expression: 'version = :expected', values: { ':expected': expected } });

/** A versioned item as it was read: absent when read at version 0, else unchanged since. */
export const stillAsRead = (expectedVersion: number): ConditionPart => (expectedVersion === 0 ? itemIsNew : versionIs(expectedVersion));

const combined = (operator: 'AND' | 'OR', parts: readonly ConditionPart[]): ConditionPart => ({
  expression: parts.length === 1 ? parts[0]!.expression : parts.map((part) => `(${part.expression})`).join(` ${operator} `),
  values: Object.assign({}, ...parts.map((part) => part.values ?? {})) as Record<string, unknown>,
  names: Object.assign({}, ...parts.map((part) => part.names ?? {})) as Record<string, string>,
});

export const anyOf = (...parts: ConditionPart[]): ConditionPart => combined('OR', parts);
export const allOf = (...parts: ConditionPart[]): ConditionPart => combined('AND', parts);

/**
 * The condition as a command's input fields. `alsoBound` adds the names and values an
 * update expression of the same command uses, since a command has one map of each.
 */
export const condition = (
  part: ConditionPart,
  alsoBound: { values?: Record<string, unknown>; names?: Record<string, string> } = {},
): { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown>; ExpressionAttributeNames?: Record<string, string> } => {
  const values = { ...part.values, ...alsoBound.values };
  const names = { ...part.names, ...alsoBound.names };
  return {
    ConditionExpression: part.expression,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
  };
};
