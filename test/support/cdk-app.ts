import { App } from 'aws-cdk-lib';

/**
 * A CDK app for assertions on templates and construct trees, without bundling (the
 * bundles are checked on the deployable assembly, test/support/synth.ts) and without
 * CDK's built-in CloudFormation validation. That validation cannot fail anything here
 * (`@aws-cdk/core:validateAgainstDefaultRules` is not set, so its errors are only
 * warnings), yet its engine costs about 8 s of CPU to start in each test file; `cdk synth`
 * and the deployable assembly still run it.
 */
export function templateApp(context: Record<string, unknown>): App {
  return new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [], ...context } });
}
