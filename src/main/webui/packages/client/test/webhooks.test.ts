import { describe, expect, it } from 'vitest';
import { harness } from './fakes.js';

/** The webhook calls: each goes to its documented path and method, with its body as the service reads it. */
describe('webhook calls', () => {
  it('send each call to its path with its method and body', async () => {
    const { client, fetch } = harness();
    const calls = [
      () => client.createWebhook({ url: 'https://hooks.example.com/in', event_types: ['job.completed'] }),
      () => client.listWebhooks({ limit: 5, cursor: 'c1' }),
      () => client.getWebhook('e/1'),
      () => client.updateWebhook('e1', { enabled: false }),
      () => client.deleteWebhook('e1'),
      () => client.rotateWebhookSecret('e1', 3600),
      () => client.testWebhook('e1'),
      () => client.listWebhookDeliveries('e1', { status: 'FAILED', limit: 10 }),
      () => client.getWebhookDelivery('e1', '42'),
      () => client.redeliverWebhook('e1', '42'),
      () => client.recoverWebhook('e1', '2026-12-07T00:00:00Z'),
    ];
    for (const call of calls) await call();

    const seen = fetch.mock.calls.map((args) => {
      const [url, init] = args as unknown as [string, RequestInit];
      return [init.method, url.replace('http://service.test', ''), init.body ?? null];
    });
    expect(seen).toEqual([
      ['POST', '/api/webhooks', '{"url":"https://hooks.example.com/in","event_types":["job.completed"]}'],
      ['GET', '/api/webhooks?cursor=c1&limit=5', null],
      ['GET', '/api/webhooks/e%2F1', null],
      ['PATCH', '/api/webhooks/e1', '{"enabled":false}'],
      ['DELETE', '/api/webhooks/e1', null],
      ['POST', '/api/webhooks/e1/rotate-secret', '{"grace_seconds":3600}'],
      ['POST', '/api/webhooks/e1/test', null],
      ['GET', '/api/webhooks/e1/deliveries?status=FAILED&limit=10', null],
      ['GET', '/api/webhooks/e1/deliveries/42', null],
      ['POST', '/api/webhooks/e1/deliveries/42/redeliver', null],
      ['POST', '/api/webhooks/e1/recover', '{"since":"2026-12-07T00:00:00Z"}'],
    ]);
  });
});
