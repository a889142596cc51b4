import type { components, paths } from '../../portal/src/api/generated/signet-api.js';

/**
 * The README's typed-caller example: plain fetch with the types openapi-typescript
 * generates from docs/openapi.json. tsc type-checks it, test/openapi-contract.test.ts
 * runs it against the local API, and test/openapi-document.test.ts holds the README's
 * copy to this file.
 */
type StatusChange = components['schemas']['StatusChange'];
type StatusRoute = paths['/api/applications/{appId}/users/{globalId}/status']['patch'];
type StatusChangeResult = StatusRoute['responses'][200]['content']['application/json'];
type ApiError = components['schemas']['ApiError'];

export async function changeStatus(baseUrl: string, credentials: { appId: string; secret: string }, globalId: string, change: StatusChange): Promise<StatusChangeResult> {
  const { appId, secret } = credentials;
  const response = await fetch(`${baseUrl}/api/applications/${appId}/users/${globalId}/status`, {
    method: 'PATCH',
    headers: {
      Authorization: `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(change),
  });
  if (!response.ok) {
    const error = (await response.json()) as ApiError;
    throw new Error(`${response.status} ${error.error}: ${error.message}`);
  }
  return (await response.json()) as StatusChangeResult;
}

// const result = await changeStatus(url, { appId, secret }, 'SM4521', { status: 'PRO', duration: 'MONTH' });
// if (result.action === 'granted') console.log(result.license.expiresAt); // narrowed by `action`
