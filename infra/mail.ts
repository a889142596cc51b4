import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * Signet's mail (docs/api.md, account lifecycle): the stage's SES sending identity, a domain verified by the
 * three Easy-DKIM CNAME records printed as outputs (docs/operations.md, "Mail"), and the
 * one permission the mailing functions get: ses:SendEmail from that identity.
 */
export class MailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly from: string;

  constructor(scope: Construct, id: string, props: { domain: string }) {
    super(scope, id);
    this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.domain) });
    this.from = `no-reply@${props.domain}`;
    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(Stack.of(this), `MailDkimRecord${index + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DKIM record ${index + 1} of 3 to publish for the SES identity ${props.domain}`,
      });
    });
  }

  /** SendEmail only (not SendRawEmail, not other identities): a route with `mail: true`. */
  grantSend(grantee: IGrantable): void {
    const identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName });
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ sid: 'SendMail', effect: Effect.ALLOW, actions: ['ses:SendEmail'], resources: [identityArn] }));
  }
}
