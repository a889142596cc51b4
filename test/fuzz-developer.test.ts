import { fuzzRuns, newTally, runFuzz, summarize } from './support/fuzz.js';
import { developerRoutes, restoreWorld, seedWorld, type FuzzWorld } from './support/fuzz-routes.js';

/** Property-based: the thirteen /api/developer routes (admin session) under hostile input (docs/security.md). */
const numRuns = fuzzRuns(100);
let world: FuzzWorld;
const tally = newTally();

beforeAll(async () => {
  world = await seedWorld();
}, 120_000);

afterAll(() => {
  console.log(summarize('developer', tally));
});

const groups = [
  'POST applications',
  'GET applications',
  'GET application',
  'POST client-secret',
  'DELETE client-secret',
  'GET variants',
  'POST variant',
  'PATCH variant',
  'DELETE variant',
  'GET connected users',
  'DELETE connection',
  'POST status-sync test',
  'POST current-logins test',
];

it.each(groups.map((group, index) => [group, index] as const))('%s: /api-shaped answers, never a 5xx or HTML, rejected requests change nothing', async (_name, index) => {
  const arbitrary = developerRoutes(world)[index];
  if (!arbitrary) throw new Error('no such case generator');
  await runFuzz(arbitrary, tally, { numRuns, seedOffset: 100 + index, afterAccepted: (fuzzCase) => restoreWorld(world, fuzzCase) });
}, 300_000);
