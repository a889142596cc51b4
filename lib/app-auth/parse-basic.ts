/** The client id and secret an `Authorization: Basic ...` header carries (RFC 7617). */
export interface BasicCredentials {
  clientId: string;
  secret: string;
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undefined when the header is absent, not the Basic scheme, not base64, not UTF-8,
 * or not `id:secret` with both parts present. The id ends at the first colon.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const match = /^basic[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
  const encoded = match?.[1];
  if (!encoded || !base64.test(encoded)) return undefined;
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon === decoded.length - 1) return undefined;
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
