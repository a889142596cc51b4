import { randomBytes } from 'node:crypto';
// Types, a constant and a function: importing it starts nothing.
import { fakeFacebookApp } from '../support/fake-graph.js';

// Runs before each test file's modules load, so config() sees a table of its own.
process.env.TABLE_NAME = `signet-test-${randomBytes(6).toString('hex')}`;
process.env.AWS_REGION = 'us-east-1';
// The suite creates thousands of users: it hashes passwords at the cheap test cost.
// test/trust-secrets.test.ts proves the OWASP default and the upgrade at login.
process.env.PASSWORD_HASH_COST ??= 'test';
// Every account may be a developer in the tests (test/developer-signup.test.ts closes it).
process.env.DEVELOPER_SIGNUP ??= 'open';
process.env.SIGNET_SILENT_LOGS ??= 'true';
process.env.PUBLIC_BASE_URL ??= 'http://127.0.0.1:3000';
// The tests opt in to the public development pepper explicitly (no silent fallback, docs/security.md).
process.env.CLIENT_SECRET_PEPPER ??= 'signet-local-client-secret-pepper-not-for-production';
// The Facebook app test/support/fake-graph.ts answers for (debug_token).
process.env.FACEBOOK_APP_ID ??= fakeFacebookApp.id;
process.env.FACEBOOK_APP_SECRET ??= fakeFacebookApp.secret;
