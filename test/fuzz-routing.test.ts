import { routes } from '../lib/routes.js';
import { fuzzRuns, newTally, runFuzz, summarize } from './support/fuzz.js';
import { restoreWorld, routingRoutes, seedWorld, type FuzzWorld } from './support/fuzz-routes.js';

/** Property-based: /health, unknown paths and every route path with methods it does not serve (docs/security.md). */
const numRuns = fuzzRuns(400);
let world: FuzzWorld;
const tally = newTally();

beforeAll(async () => {
  world = await seedWorld();
}, 120_000);

afterAll(() => {
  console.log(summarize('routing', tally));
});

it.each([
  ['GET /health', 0],
  ['unknown paths', 1],
  ['wrong methods on every route path', 2],
])('%s: contract-shaped answers, never a 5xx or HTML, rejected requests change nothing', async (_name, index) => {
  const arbitrary = routingRoutes(world, [...routes])[index];
  if (!arbitrary) throw new Error('no such case generator');
  await runFuzz(arbitrary, tally, { numRuns, seedOffset: 300 + index, afterAccepted: (fuzzCase) => restoreWorld(world, fuzzCase) });
}, 300_000);
