/**
 * What one Lambda container keeps between requests: the parsed configuration and the
 * secrets read through the SDK. It lives in one slot on `globalThis` so that a test can
 * start a cold container (test/support/settings.ts clears the slot) without production
 * code exporting a reset that only tests would call.
 */
const slot = Symbol.for('signet.containerState');

type ContainerState = Map<string, unknown>;

function containerState(): ContainerState {
  const holder = globalThis as { [slot]?: ContainerState };
  return (holder[slot] ??= new Map());
}

/** The container's value under `name`, made by `create` on first use in this container. */
export function containerScoped<T>(name: string, create: () => T): T {
  const state = containerState();
  if (state.has(name)) return state.get(name) as T;
  const value = create();
  state.set(name, value);
  return value;
}
