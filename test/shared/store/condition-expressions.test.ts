import { describe, expect, it } from 'vitest';
import { allOf, anyOf, condition, itemExists, itemIsNew, stillAsRead, versionIs } from '#store/condition-expressions.ts';

describe('condition expressions from named parts', () => {
  it('a versioned item as read: new when read at version 0, unchanged since otherwise', () => {
    expect(condition(stillAsRead(0))).toEqual({ ConditionExpression: 'attribute_not_exists(pk)' });
    expect(condition(stillAsRead(3))).toEqual({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 3 } });
  });

  it('joins parts in parentheses and carries every part’s names and values, and those of the update beside it', () => {
    const takenBy = { expression: '#owner = :owner', names: { '#owner': 'owner' }, values: { ':owner': 'o-1' } };
    expect(condition(anyOf(itemIsNew, allOf(takenBy, versionIs(2))), { values: { ':answer': 'x' } })).toEqual({
      ConditionExpression: '(attribute_not_exists(pk)) OR ((#owner = :owner) AND (version = :expected))',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': 'o-1', ':expected': 2, ':answer': 'x' },
    });
    expect(condition(anyOf(itemExists))).toEqual({ ConditionExpression: 'attribute_exists(pk)' });
  });
});
