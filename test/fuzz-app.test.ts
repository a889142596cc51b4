import { fuzzRuns, newTally, runFuzz, summarize } from './support/fuzz.js';
import { appRoutes, restoreWorld, seedWorld, type FuzzWorld } from './support/fuzz-routes.js';

/** Property-based: the three HTTP Basic app-backend routes under hostile credentials and input (docs/security.md). */
const numRuns = fuzzRuns(400);
let world: FuzzWorld;
const tally = newTally();

beforeAll(async () => {
  world = await seedWorld();
}, 120_000);

afterAll(() => {
  console.log(summarize('app', tally));
});

it.each([
  ['PATCH /api/applications/{appId}/users/{globalId}/status', 0],
  ['GET /api/applications/{appId}/users/{globalId}/status', 1],
  ['GET /api/applications/{appId}/users', 2],
])('%s: /api-shaped answers, never a 5xx or HTML, rejected requests change nothing', async (_name, index) => {
  const arbitrary = appRoutes(world)[index];
  if (!arbitrary) throw new Error('no such case generator');
  await runFuzz(arbitrary, tally, { numRuns, seedOffset: 200 + index, afterAccepted: (fuzzCase) => restoreWorld(world, fuzzCase) });
}, 300_000);
