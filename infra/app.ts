import { App } from 'aws-cdk-lib';
import { buildSignet } from './signet.js';

// Cross-stack references stay strong (an export cannot be removed while imported): stated, not defaulted.
const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
buildSignet(app);
app.synth();
