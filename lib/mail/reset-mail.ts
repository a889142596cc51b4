import type { Mail } from './ses.js';

/**
 * The password-reset mail (docs/api.md, account lifecycle): plain text and HTML, never a password, and the
 * token only inside the link. `appName` is the application of a member reset.
 */
export function passwordResetMail(to: string, link: string, validMinutes: number, appName: string | undefined): Mail {
  const service = appName ?? 'Signet';
  const lines = [
    `Somebody asked to reset the password of your ${service} account (${to}).`,
    '',
    `To choose a new password, open this link within ${validMinutes} minutes:`,
    link,
    '',
    'The link works once. If you did not ask for this, ignore this mail: your password stays as it is.',
  ];
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>Somebody asked to reset the password of your ${escape(service)} account (${escape(to)}).</p>`,
    `<p><a href="${escape(link)}">Choose a new password</a> (the link works once, within ${validMinutes} minutes).</p>`,
    '<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>',
    '</body></html>',
  ].join('');
  return { to, subject: `Reset your ${service} password`, text: lines.join('\n'), html };
}

/**
 * The link: the application's passwordResetUrl with `{token}` replaced (member reset),
 * else the portal's reset page with the token in the fragment, which browsers never
 * send to a server (no access log or Referer carries it).
 */
export function passwordResetLink(token: string, passwordResetUrl: string | null | undefined, portalBaseUrl: string): string {
  if (passwordResetUrl) return passwordResetUrl.split('{token}').join(encodeURIComponent(token));
  return `${portalBaseUrl.replace(/\/+$/, '')}/#/reset-password?token=${encodeURIComponent(token)}`;
}
