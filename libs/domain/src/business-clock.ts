/**
 * Maps real time onto business time so a demo can run a fiscal year in minutes:
 * with `scale` 86400 one business day passes per real second; with 1 business time is real time.
 * Business time = businessEpochMs + (realNow − realEpochMs) × scale.
 */
export interface BusinessClock {
  readonly realEpochMs: number;
  readonly businessEpochMs: number;
  readonly scale: number;
}

/** The real-time scale (`PDCA_TIME_SCALE`) used when none is configured. */
const REAL_TIME_SCALE = 1;

function assertScale(scale: number): void {
  if (!Number.isFinite(scale) || scale < 1) {
    throw new RangeError(`time scale must be a finite number >= 1, got ${scale}`);
  }
}

function assertFiniteMs(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number of milliseconds`);
}

/** A clock whose business time reads `businessStartMs` at real time `realNowMs`. */
export function createClock(
  realNowMs: number,
  businessStartMs: number,
  scale: number = REAL_TIME_SCALE,
): BusinessClock {
  assertFiniteMs(realNowMs, 'realNowMs');
  assertFiniteMs(businessStartMs, 'businessStartMs');
  assertScale(scale);
  return { realEpochMs: realNowMs, businessEpochMs: businessStartMs, scale };
}

/** Business time at real time `realNowMs`, floored to whole milliseconds. */
export function businessNow(clock: BusinessClock, realNowMs: number): Date {
  assertFiniteMs(realNowMs, 'realNowMs');
  return new Date(Math.floor(clock.businessEpochMs + (realNowMs - clock.realEpochMs) * clock.scale));
}

/**
 * Real milliseconds to wait until business time reaches `businessInstant`; 0 when it already has.
 * Rounded up, so a timer of this length never wakes just before the business instant.
 */
export function realDelayMsUntil(clock: BusinessClock, businessInstant: Date, realNowMs: number): number {
  assertFiniteMs(businessInstant.getTime(), 'businessInstant');
  const remainingBusinessMs = businessInstant.getTime() - businessNow(clock, realNowMs).getTime();
  if (!(remainingBusinessMs > 0)) return 0;
  return Math.ceil(remainingBusinessMs / clock.scale);
}
