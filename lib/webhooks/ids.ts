import { randomToken } from '../applications/ids.js';

/** Webhook endpoint ids: `we_` + 20 random symbols (lib/applications/ids.ts alphabet). */
export const newEndpointId = (): string => `we_${randomToken(20)}`;
export const isEndpointId = (value: string): boolean => /^we_[0-9a-hjkmnp-tv-z]{20}$/.test(value);
export const maxWebhookUrlLength = 2048;
