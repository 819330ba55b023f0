import { useMutation, useQuery, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  VideoJobsApiError,
  VideoJobsClient,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
} from '@video-jobs/client';
import { useLiveJobs } from './provider.js';

/** Query keys of webhooks: `['webhooks']`, `['webhooks', endpointId, 'deliveries']`, `[…, deliveryId]`. */
export const WEBHOOKS_KEY = ['webhooks'] as const;
const deliveriesKey = (endpointId: string) => [...WEBHOOKS_KEY, endpointId, 'deliveries'] as const;

/** The caller's webhook endpoints (an admin's: everyone's), first page, newest first. */
export function useWebhooks(): UseQueryResult<WebhookEndpointPage, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<WebhookEndpointPage, VideoJobsApiError>({
    queryKey: WEBHOOKS_KEY,
    queryFn: () => live.client.listWebhooks({ limit: 100 }),
  });
}

/** An endpoint's recent deliveries, refreshed every few seconds while shown. */
export function useWebhookDeliveries(endpointId: string | null, refetchMs = 3000): UseQueryResult<WebhookDeliveryPage, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<WebhookDeliveryPage, VideoJobsApiError>({
    queryKey: deliveriesKey(endpointId ?? ''),
    queryFn: () => live.client.listWebhookDeliveries(endpointId as string, { limit: 20 }),
    enabled: Boolean(endpointId),
    refetchInterval: refetchMs,
  });
}

/** A delivery with every attempt. */
export function useWebhookDelivery(endpointId: string, deliveryId: string | null, refetchMs = 3000): UseQueryResult<WebhookDeliveryDetail, VideoJobsApiError> {
  const live = useLiveJobs();
  return useQuery<WebhookDeliveryDetail, VideoJobsApiError>({
    queryKey: [...deliveriesKey(endpointId), deliveryId ?? ''],
    queryFn: () => live.client.getWebhookDelivery(endpointId, deliveryId as string),
    enabled: Boolean(deliveryId),
    refetchInterval: refetchMs,
  });
}

/** Registers an endpoint; the result's `secret` is shown this once. */
export function useCreateWebhook(): UseMutationResult<WebhookEndpointWithSecret, VideoJobsApiError, CreateWebhookBody> {
  return useWebhookMutation((client, body) => client.createWebhook(body));
}

/** Changes an endpoint: URL, event types, description, or `enabled`. */
export function useUpdateWebhook(): UseMutationResult<WebhookEndpoint, VideoJobsApiError, { endpointId: string; patch: UpdateWebhookBody }> {
  return useWebhookMutation((client, { endpointId, patch }) => client.updateWebhook(endpointId, patch));
}

export function useDeleteWebhook(): UseMutationResult<void, VideoJobsApiError, string> {
  return useWebhookMutation((client, endpointId) => client.deleteWebhook(endpointId));
}

/** A new secret (shown once); the old one also signs for `graceSeconds`. */
export function useRotateWebhookSecret(): UseMutationResult<WebhookEndpointWithSecret, VideoJobsApiError, { endpointId: string; graceSeconds: number }> {
  return useWebhookMutation((client, { endpointId, graceSeconds }) => client.rotateWebhookSecret(endpointId, graceSeconds));
}

/** Queues a `webhook.test` message. */
export function useTestWebhook(): UseMutationResult<WebhookDelivery, VideoJobsApiError, string> {
  return useWebhookMutation((client, endpointId) => client.testWebhook(endpointId));
}

/** Sends a delivery again with the same `webhook-id`. */
export function useRedeliverWebhook(): UseMutationResult<WebhookDelivery, VideoJobsApiError, { endpointId: string; deliveryId: string }> {
  return useWebhookMutation((client, { endpointId, deliveryId }) => client.redeliverWebhook(endpointId, deliveryId));
}

/** Sends again the FAILED deliveries created since `since`. */
export function useRecoverWebhook(): UseMutationResult<{ requeued: number }, VideoJobsApiError, { endpointId: string; since: string }> {
  return useWebhookMutation((client, { endpointId, since }) => client.recoverWebhook(endpointId, since));
}

/** A webhook call that refreshes every webhook query once it succeeds. */
function useWebhookMutation<R, V>(call: (client: VideoJobsClient, variables: V) => Promise<R>): UseMutationResult<R, VideoJobsApiError, V> {
  const live = useLiveJobs();
  return useMutation<R, VideoJobsApiError, V>({
    mutationFn: (variables) => call(live.client, variables),
    onSuccess: () => live.queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}
