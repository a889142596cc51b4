import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding that was reviewed and is deliberate, with its reason,
 * on the narrowest scope: the construct(s) it concerns and, for rules that report
 * findings (IAM4 policies, IAM5 wildcards), only the named findings
 * (`AwsSolutions-IAM5[Resource::*]`). test/cdk-nag.test.ts fails on any finding not
 * acknowledged here, and on an acknowledgment without a reason.
 */
export function acknowledgeFinding(scopes: IConstruct | IConstruct[], rule: string, reason: string, findings?: string[]): void {
  const ids = findings ? findings.map((finding) => `${rule}[${finding}]`) : [rule];
  for (const scope of [scopes].flat()) {
    for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
  }
}
