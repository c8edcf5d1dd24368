/**
 * Time spent per synth phase in this process, for `npm run bench`'s breakdown. Phases never
 * nest (render builds every document before serializing any), so the times add up.
 */
/** Set (to anything) to make `npm run synth` print its phase times as JSON on stderr. */
export const PHASES_ENV = 'SYNTH_PHASES';

export type Phase = 'validate' | 'build' | 'serialize' | 'write';

const spent: Record<Phase, number> = { validate: 0, build: 0, serialize: 0, write: 0 };

/** Runs `fn`, adding its wall time to `phase`. */
export function timed<T>(phase: Phase, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    spent[phase] += performance.now() - t0;
  }
}

/** Milliseconds spent so far in each phase. */
export function phaseTimes(): Readonly<Record<Phase, number>> {
  return { ...spent };
}
