import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import { WEBHOOK_EVENTS } from './events';

describe('webhook events', () => {
  it('each has a name in both languages for the Admin page’s event filter', () => {
    for (const catalogue of [en, zhCN]) {
      const names = catalogue.notifications.eventName as Record<string, string>;
      expect(WEBHOOK_EVENTS.filter((e) => !names[e.replace('.', '_')])).toEqual([]);
    }
  });
});
