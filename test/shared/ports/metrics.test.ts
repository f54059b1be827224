import { describe, expect, it } from 'vitest';
import { embeddedMetrics, METRIC_NAMESPACE, metricNames } from '#ports/metrics.ts';

describe('embeddedMetrics', () => {
  it('writes one line CloudWatch reads as a metric (embedded metric format), dimensioned by the customer', () => {
    const lines: string[] = [];
    embeddedMetrics({ organisation: 'acme' }, () => 1_800_000_000_000, (line) => lines.push(line)).count(metricNames.failedDeliveries, 1, {
      channel: 'email',
      code: 'MessageRejected',
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toEqual({
      channel: 'email',
      code: 'MessageRejected',
      organisation: 'acme',
      FailedDeliveries: 1,
      _aws: {
        Timestamp: 1_800_000_000_000,
        CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['organisation']], Metrics: [{ Name: 'FailedDeliveries', Unit: 'Count' }] }],
      },
    });
    // Every dimension must be a member of the line, or CloudWatch drops the metric.
    for (const name of line._aws.CloudWatchMetrics[0].Dimensions[0]) expect(line).toHaveProperty(name);
  });

  it('lets no property overwrite a dimension', () => {
    const lines: string[] = [];
    embeddedMetrics({ organisation: 'acme' }, () => 0, (line) => lines.push(line)).count(metricNames.failedDeliveries, 2, { organisation: 'other' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ organisation: 'acme', FailedDeliveries: 2 });
  });
});
