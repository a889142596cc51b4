import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSignet } from './signet.js';

/**
 * The deployable CDK app, as `cdk synth` builds it (infra/app.ts) and the tests that
 * need the real assembly synthesize it (test/support/synth.ts): Signet's stacks, and
 * cdk-nag's AwsSolutions rules, which fail the synth on any finding not acknowledged
 * (infra/reviewed-findings.ts).
 */
export function signetApp(props: AppProps = {}): App {
  // Cross-stack references stay strong (an export cannot be removed while imported): stated, not defaulted.
  const app = new App({ ...props, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...props.context } });
  buildSignet(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}
