import type { WebhookDeliveryItem } from '../entities/webhook-delivery.js';
import type { WebhookEndpointItem } from '../entities/webhook-endpoint.js';

/** The public shape of an endpoint (never a secret or its salt). */
export function webhookView(endpoint: WebhookEndpointItem) {
  return {
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt,
  };
}

export function deliveryView(delivery: WebhookDeliveryItem) {
  return {
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    state: delivery.state,
    nextAttemptAt: delivery.nextAttemptAt,
    attempts: (delivery.attempts ?? []).map((attempt) => ({
      at: attempt.at,
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
      responseBody: attempt.responseBody,
    })),
  };
}

export type WebhookView = ReturnType<typeof webhookView>;
export type DeliveryView = ReturnType<typeof deliveryView>;
