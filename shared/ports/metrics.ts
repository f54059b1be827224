/**
 * Counts kept beside the logs, for alarms. In AWS each count is one log line in the
 * CloudWatch embedded metric format, so no API call and no client are needed; the
 * local host counts nothing.
 */
export const METRIC_NAMESPACE = 'PlanningMeetings';

export const metricNames = {
  /** Notifications that will not go out without help: refused (permanent) or blocked by the set-up (configuration). */
  failedDeliveries: 'FailedDeliveries',
  /** Sends left unsettled (their notifier stopped mid-send) and given up after being sent again three times (decision 0003). Each is counted by the one sweep that gives it up; every sweep writes its count, 0 included. */
  unsettledSends: 'UnsettledSends',
  /** Sends left unsettled whose event a sweep delivered again, so they are sent again: at least once, a duplicate now and then (decision 0003). Every sweep writes its count. */
  resentSends: 'ResentSends',
} as const;
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

export interface Metrics {
  /** `properties` travel with the count in the log line (searchable, not dimensions). */
  count(name: MetricName, value: number, properties?: Record<string, string>): void;
}

/**
 * One EMF line per count. `dimensions` are the same on every line of a function (the
 * customer), so an alarm names the metric exactly.
 */
export const embeddedMetrics = (
  dimensions: Record<string, string>,
  clock: () => number,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Metrics => ({
  count(name, value, properties = {}) {
    write(
      JSON.stringify({
        ...properties,
        ...dimensions,
        [name]: value,
        _aws: {
          Timestamp: clock(),
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }],
        },
      }),
    );
  },
});
