export default async function globalTeardown() {
  await globalThis.__signetDynamo?.stop();
}
