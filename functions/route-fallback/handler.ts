import { SignetError } from '../../lib/errors.js';
import { createHandler } from '../../lib/http/handler.js';
import { allowedMethods } from '../../lib/route-matching.js';

/**
 * Every request API Gateway routes to no other function: unknown paths (404)
 * and known paths with another method (405, with an Allow header).
 */
export const handler = createHandler({ readBody: false }, async (_input, request) => {
  const allowed = allowedMethods(request.path);
  if (allowed.length === 0) throw new SignetError('routeNotFound');
  throw new SignetError('methodNotAllowed', undefined, { headers: { Allow: allowed.join(', ') } });
});
