/**
 * Compile-time check (run by `npm run typecheck`): the portal's hand-written API types
 * (portal/src/api/types.ts) equal the server's view types. A server change that would
 * break the portal fails the type check. Replace both with the OpenAPI types when they land.
 */
import type * as Portal from '../../portal/src/api/types.js';
import type { ApplicationView, ClientSecretView } from '../../lib/applications/views.js';
import type { ReadinessReport } from '../../lib/applications/readiness.js';
import type { DeveloperConnectionView } from '../../lib/connections/views.js';
import type { VariantView } from '../../lib/variants/views.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(proof: Same<A, B>) => proof;

export const portalTypesMatchServer = [
  same<Portal.ClientSecretView, ClientSecretView>(true),
  same<Portal.ApplicationView, ApplicationView>(true),
  same<Portal.VariantView, VariantView>(true),
  same<Portal.DeveloperConnectionView, DeveloperConnectionView>(true),
  same<Omit<Portal.ReadinessReport, 'endpoint'>, Omit<ReadinessReport, 'endpoint'>>(true),
] as const;
