import { createApplication } from '../../lib/applications/create-application.js';
import { createDeveloperHandler } from '../../lib/handlers/developer.js';
import { newApplicationSchema } from '../../lib/applications/schemas.js';
import { apiOk } from '../../lib/http/responses.js';
import { replayableSecret } from '../../lib/secrets/redact.js';

/** POST /api/developer/applications: an app with its hostnames and first client secret (shown only here). */
export const handler = createDeveloperHandler({ schema: newApplicationSchema }, async (input, _request, admin) => {
  const created = await createApplication(admin.userId, input);
  return apiOk({ application: created.application, secretId: created.secretId, ...replayableSecret(created.clientSecret) }, 201);
});
