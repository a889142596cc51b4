import { App } from 'aws-cdk-lib';
import { buildSignet } from './signet.js';

const app = new App();
buildSignet(app);
app.synth();
