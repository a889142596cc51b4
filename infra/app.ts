import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSignet } from './signet.js';

// Cross-stack references stay strong (an export cannot be removed while imported): stated, not defaulted.
const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
buildSignet(app);
// cdk-nag's AwsSolutions rules: `cdk synth` fails on any finding not acknowledged (infra/reviewed-findings.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
