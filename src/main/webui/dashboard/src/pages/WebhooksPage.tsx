import type { WebhookEndpoint, WebhookEventType } from '@video-jobs/client';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useRecoverWebhook,
  useRedeliverWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhookDelivery,
  useWebhooks,
} from '@video-jobs/react';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../components/ConfirmButton';
import { StatusBadge } from '../components/StatusBadge';
import { age, errorText } from '../format';

const EVENT_TYPES: WebhookEventType[] = ['job.completed', 'job.failed', 'job.cancelled', 'job.updated', 'job.stage.updated',
  'job.metadata.updated', 'job.thumbnail.generated'];
const ROTATION_GRACE_SECONDS = 24 * 3600;
const RECOVER_DAYS = 7;

/** Webhook endpoints: register one (its secret shown once), and for each its recent deliveries with their attempts. */
export function WebhooksPage({ admin }: { admin: boolean }) {
  const endpoints = useWebhooks();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  return (
    <main>
      <h1>Webhooks</h1>
      <p className="hint">Events of your jobs are POSTed to these URLs, signed by Standard Webhooks.</p>
      {secret && <SecretNotice {...secret} onDone={() => setSecret(null)} />}
      <NewEndpointForm onCreated={setSecret} />
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{admin ? 'All endpoints' : 'Your endpoints'}</h2>
        {endpoints.isPending && <p>Loading…</p>}
        {endpoints.isError && <p role="alert" className="error">{errorText(endpoints.error)}</p>}
        {endpoints.isSuccess && endpoints.data.items.length === 0 && <p>No endpoints yet.</p>}
        {endpoints.data?.items.map((endpoint) => (
          <Endpoint key={endpoint.endpoint_id} endpoint={endpoint} onSecret={setSecret} />
        ))}
      </section>
    </main>
  );
}

function SecretNotice({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <section className="secret-notice" role="region" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret</h2>
      <p>The secret of {url}. Copy it now: it is shown only this once.</p>
      <p><code className="secret" data-secret>{secret}</code></p>
      <button type="button" onClick={onDone}>I have copied it</button>
    </section>
  );
}

function NewEndpointForm({ onCreated }: { onCreated: (shown: { url: string; secret: string }) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>(['job.completed', 'job.failed']);
  const toggle = (type: WebhookEventType) =>
    setTypes((current) => (current.includes(type) ? current.filter((t) => t !== type) : EVENT_TYPES.filter((t) => t === type || current.includes(t))));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ url: url.trim(), event_types: types, ...(description.trim() ? { description: description.trim() } : {}) }, {
      onSuccess: (created) => {
        onCreated({ url: created.endpoint.url, secret: created.secret });
        setUrl('');
        setDescription('');
      },
    });
  };
  return (
    <section aria-labelledby="new-endpoint-heading" className="submit">
      <h2 id="new-endpoint-heading">New endpoint</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input id="webhook-url" type="url" required placeholder="https://…" value={url} onChange={(e) => setUrl(e.target.value)} />
        <label htmlFor="webhook-description">Description (optional)</label>
        <input id="webhook-description" type="text" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        <fieldset>
          <legend>Events</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="stage-choice">
              <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} /> {type}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || types.length === 0}>{create.isPending ? 'Adding…' : 'Add endpoint'}</button>
        {create.isError && <p role="alert" className="error">{errorText(create.error)}</p>}
      </form>
    </section>
  );
}

function Endpoint({ endpoint, onSecret }: { endpoint: WebhookEndpoint; onSecret: (shown: { url: string; secret: string }) => void }) {
  const id = endpoint.endpoint_id;
  const test = useTestWebhook();
  const rotate = useRotateWebhookSecret();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const recover = useRecoverWebhook();
  const failure = [test, rotate, update, remove, recover].find((m) => m.isError)?.error;
  const headingId = `endpoint-${id}`;
  return (
    <section className="endpoint" aria-labelledby={headingId} data-endpoint={id}>
      <h3 id={headingId}>{endpoint.url}</h3>
      <p>
        <StatusBadge status={endpoint.enabled ? 'ENABLED' : 'DISABLED'} />
        {endpoint.disabled_reason && <span className="hint"> {disabledText(endpoint.disabled_reason)}</span>}
        {endpoint.description && <span> · {endpoint.description}</span>}
      </p>
      <p className="hint">{endpoint.event_types.join(', ')}{endpoint.previous_secret_expires_at
        ? ` · the previous secret also signs until ${new Date(endpoint.previous_secret_expires_at).toLocaleString()}` : ''}</p>
      <div className="actions">
        <button type="button" onClick={() => test.mutate(id)} disabled={test.isPending}>Send test event</button>
        <ConfirmButton label="Rotate secret" question="New secret, old one valid 24 h more?"
          onConfirm={() => rotate.mutate({ endpointId: id, graceSeconds: ROTATION_GRACE_SECONDS },
            { onSuccess: (rotated) => onSecret({ url: rotated.endpoint.url, secret: rotated.secret }) })} />
        <button type="button" onClick={() => update.mutate({ endpointId: id, patch: { enabled: !endpoint.enabled } })}
          disabled={update.isPending}>{endpoint.enabled ? 'Disable' : 'Enable'}</button>
        <button type="button" disabled={recover.isPending}
          onClick={() => recover.mutate({ endpointId: id, since: new Date(Date.now() - RECOVER_DAYS * 86_400_000).toISOString() })}>
          Resend failed</button>
        <ConfirmButton label="Delete" question="Delete this endpoint and its deliveries?" danger onConfirm={() => remove.mutate(id)} />
      </div>
      {recover.isSuccess && <p role="status">{recover.data.requeued} failed deliveries queued again.</p>}
      {failure && <p role="alert" className="error">{errorText(failure)}</p>}
      <Deliveries endpointId={id} />
    </section>
  );
}

function disabledText(reason: string): string {
  if (reason === 'GONE') return 'it answered 410 Gone';
  if (reason === 'FAILING') return 'every attempt failed for days';
  return 'by its owner';
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const deliveries = useWebhookDeliveries(endpointId);
  const [open, setOpen] = useState<string | null>(null);
  const items = deliveries.data?.items ?? [];
  return (
    <div className="table-scroll" role="region" aria-label="Deliveries" tabIndex={0}>
      <table className="deliveries" aria-label="Recent deliveries">
        <thead>
          <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th>
            <th scope="col">Created</th><th scope="col"><span className="visually-hidden">Details</span></th></tr>
        </thead>
        <tbody>
          {items.length === 0 && <tr><td colSpan={6}>No deliveries yet.</td></tr>}
          {items.map((delivery) => (
            <tr key={delivery.delivery_id} data-delivery={delivery.delivery_id}>
              <td>{delivery.event_type}</td>
              <td><StatusBadge status={delivery.status} /></td>
              <td>{delivery.attempts}</td>
              <td>{delivery.last_status_code ?? delivery.last_error ?? '—'}</td>
              <td><time dateTime={delivery.created_at}>{age(delivery.created_at)}</time></td>
              <td>
                <button type="button" aria-expanded={open === delivery.delivery_id}
                  aria-label={`Attempts of ${delivery.event_type} delivery ${delivery.delivery_id}`}
                  onClick={() => setOpen(open === delivery.delivery_id ? null : delivery.delivery_id)}>Attempts</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <DeliveryDetail endpointId={endpointId} deliveryId={open} />}
    </div>
  );
}

function DeliveryDetail({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const detail = useWebhookDelivery(endpointId, deliveryId);
  const redeliver = useRedeliverWebhook();
  if (!detail.data) return detail.isError ? <p role="alert" className="error">{errorText(detail.error)}</p> : <p>Loading…</p>;
  const { delivery, attempts } = detail.data;
  return (
    <section className="delivery-detail" aria-label={`Delivery ${deliveryId}`}>
      <p className="hint">webhook-id <code>{delivery.message_id}</code></p>
      <ol className="attempts" aria-label="Attempts">
        {attempts.map((attempt, index) => (
          <li key={index} data-attempt={index + 1}>
            <time dateTime={attempt.attempted_at}>{new Date(attempt.attempted_at).toLocaleTimeString()}</time>
            {' · '}{attempt.status_code ?? 'no answer'}{' · '}{attempt.duration_ms} ms
            {attempt.error && <span> · {attempt.error}</span>}
            {attempt.response_body && <pre className="response-body">{attempt.response_body}</pre>}
          </li>
        ))}
      </ol>
      {attempts.length === 0 && <p>No attempt yet.</p>}
      <button type="button" disabled={redeliver.isPending} onClick={() => redeliver.mutate({ endpointId, deliveryId })}>Redeliver</button>
      {redeliver.isSuccess && <p role="status">Queued again.</p>}
      {redeliver.isError && <p role="alert" className="error">{errorText(redeliver.error)}</p>}
    </section>
  );
}
