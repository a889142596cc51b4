import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../config.js';
import { containerScoped } from '../container-state.js';
import { requestContext } from '../request-context.js';

/**
 * Signet's one way to send mail: Amazon SES v2 SendEmail from MAIL_FROM. SES_ENDPOINT
 * points it at another SES v2 endpoint (`npm start` and the tests run aws-ses-v2-local,
 * tools/local/local-ses.ts), exactly as DYNAMODB_ENDPOINT does for the table: the same
 * code path runs locally and deployed.
 */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Mail is not on the hot path: a short timeout keeps the request inside its deadline. */
const timeouts = { connectionTimeout: 2000, requestTimeout: 4000 };

/** One client per container (lib/container-state.ts): a test's cold container makes a new one for its SES_ENDPOINT. */
function sesClient(): SESv2Client {
  return containerScoped('sesClient', () => {
    const { SES_ENDPOINT, AWS_REGION } = config();
    return new SESv2Client({
      region: AWS_REGION,
      maxAttempts: 2,
      requestHandler: timeouts,
      // A local endpoint checks only that some AWS signature is there.
      ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
  });
}

export async function sendMail(mail: Mail): Promise<void> {
  await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: config().MAIL_FROM,
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      },
    }),
    { abortSignal: requestContext()?.signal },
  );
}
