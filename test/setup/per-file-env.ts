import { randomBytes } from 'node:crypto';

// Runs before each test file's modules load, so config() sees a table of its own.
process.env.TABLE_NAME = `signet-test-${randomBytes(6).toString('hex')}`;
process.env.AWS_REGION = 'us-east-1';
process.env.SIGNET_SILENT_LOGS ??= 'true';
process.env.PUBLIC_BASE_URL ??= 'http://127.0.0.1:3000';
