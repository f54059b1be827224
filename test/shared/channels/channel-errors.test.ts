import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ChannelError, channelErrorOf, withoutPersonalData } from '#channels/channel-ports.ts';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('channelErrorOf', () => {
  it.each([
    ['the table is not there (in-app)', new ResourceNotFoundException({ message: 'Requested resource not found', ...metadata(400) }), 'configuration'],
    ['the table throttles (in-app)', new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata(400) }), 'transient'],
    ['a refused condition', new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata(400) }), 'permanent'],
    ['any 403', Object.assign(new Error('Forbidden'), { name: 'SomethingNew', ...metadata(403) }), 'configuration'],
    ['an error without an HTTP answer (a bug or the network)', new TypeError('fetch failed'), 'transient'],
  ] as const)('%s', (_case, error, kind) => {
    expect(channelErrorOf(error).kind).toBe(kind);
  });

  it('passes a ChannelError through as it is', () => {
    const error = new ChannelError('MessageRejected: blocked', 'permanent', 'MessageRejected');
    expect(channelErrorOf(error)).toBe(error);
  });

  it('masks addresses and international numbers, and leaves dates and ids alone', () => {
    expect(withoutPersonalData('Rejected ann.smith+planning@example.org and +44 7700 900555 on 2027-01-06, request 4f2c-11')).toBe(
      'Rejected <email> and <phone> on 2027-01-06, request 4f2c-11',
    );
  });
});
