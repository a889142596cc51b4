/**
 * The one source of "now" for license codes (generate, import, inventory, redeem, and the
 * redeemed-license views). Tests move it instead of waiting; the lead rewires it to the
 * shared injected clock of lib/db when that lands.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

/** Tests only: make `now()` answer from `next` (undefined restores the real clock). */
export function setLicenseClock(next: (() => Date) | undefined): void {
  source = next ?? (() => new Date());
}
