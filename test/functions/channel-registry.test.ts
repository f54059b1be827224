import { describe, expect, it } from 'vitest';
import { notificationChannels } from '#domain/notification-types.ts';
import { eventRules } from '#events/event-rules.ts';
import { channelRegistry } from '../../functions/notifier/channel-registry.ts';
import type { NotifierChannel } from '../../functions/notifier/notifier-channel.ts';

/**
 * Both hosts take their channels from the registry: local mode by the rule's channel,
 * AWS through the notifier function each rule targets, whose folder holds its entry.
 * So the registry, the rules and the notifiers' folders have to name the same channels.
 */
describe('the channel registry', () => {
  it('has one entry per channel, under its own id, with that channel’s delivery', () => {
    expect(Object.keys(channelRegistry).sort()).toEqual([...notificationChannels].sort());
    for (const channel of notificationChannels) {
      expect(channelRegistry[channel].channel).toBe(channel);
      expect(channelRegistry[channel].delivery.channel).toBe(channel);
    }
  });

  it.each(eventRules.map((rule) => [rule.target.function, rule.target.channel] as const))(
    'the rule’s notifier %s takes the registry’s %s entry from its folder',
    async (notifier, channel) => {
      const module = (await import(`../../functions/${notifier}/channel.ts`)) as Record<string, NotifierChannel>;
      expect(Object.values(module)).toEqual([channelRegistry[channel]]);
    },
  );
});
