import { coldContainer } from './support/settings.js';
import { startFakeGraph, type FakeGraph } from './support/fake-graph.js';
import { fuzzRuns, newTally, runFuzz, summarize } from './support/fuzz.js';
import { authRoutes, restoreWorld, seedWorld, type FuzzWorld } from './support/fuzz-routes.js';

/** Property-based: the four Spaaza-style /auth routes under hostile bodies, headers and encodings (docs/security.md). */
const numRuns = fuzzRuns(150);
const facebookToken = 'EAADfuzz0token';
let graph: FakeGraph;
let world: FuzzWorld;
const tally = newTally();

beforeAll(async () => {
  graph = await startFakeGraph();
  graph.addToken(facebookToken, { id: '100009000000001', email: 'fuzz-facebook@example.com', first_name: 'Fuzz', last_name: 'Book' });
  process.env.FACEBOOK_GRAPH_URL = graph.url;
  coldContainer(); // config() is memoized: make it read the fake Graph API's URL
  world = await seedWorld({ facebookToken });
}, 120_000);

afterAll(async () => {
  console.log(summarize('auth', tally));
  await graph.close();
});

it.each([
  ['POST /auth/add-user', 0],
  ['POST /auth/login', 1],
  ['POST /auth/get-login-status', 2],
  ['DELETE /auth/logout', 3],
])('%s: Spaaza-shaped answers, never a 5xx or HTML, rejected requests change nothing', async (_name, index) => {
  const arbitrary = authRoutes(world)[index];
  if (!arbitrary) throw new Error('no such case generator');
  await runFuzz(arbitrary, tally, { numRuns, seedOffset: index, afterAccepted: (fuzzCase) => restoreWorld(world, fuzzCase) });
}, 300_000);
