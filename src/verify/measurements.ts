/**
 * Committed measurements: `measurements/<env>/<date>.json` (+ `.md`) written by
 * `npm run verify -- --scale-test <workload> --record`. The budget report reads the latest one
 * to show measured beside modelled; with none, the report is unchanged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Measured seconds of one workload's stages, by the keys of `scale/compare.ts`. */
export interface MeasuredWorkload {
  readonly workload: string;
  /** Whether the image pull went through a Dragonfly peer (compared with the P2P pull term). */
  readonly p2p: boolean;
  readonly seconds: Readonly<Partial<Record<string, number>>>;
}

/** The part of a measurement file the budget report reads. */
export interface Measurement {
  readonly env: string;
  /** ISO date of the run (the file name). */
  readonly date: string;
  readonly workloads: readonly MeasuredWorkload[];
}

export const MEASUREMENTS_DIR = 'measurements';

/** The newest measurement of `env` under `root`, by file name (ISO dates sort), if any. */
export function latestMeasurement(env: string, root = process.cwd()): Measurement | undefined {
  const dir = path.join(root, MEASUREMENTS_DIR, env);
  if (!fs.existsSync(dir)) return undefined;
  const newest = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().at(-1);
  return newest ? (JSON.parse(fs.readFileSync(path.join(dir, newest), 'utf8')) as Measurement) : undefined;
}

/** Writes `<date>.json` and `<date>.md`; returns their paths. */
export function writeMeasurement(root: string, m: Measurement, markdown: string): string[] {
  const dir = path.join(root, MEASUREMENTS_DIR, m.env);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, m.date.replace(/:/g, '-'));
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(m, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, markdown);
  return [`${base}.json`, `${base}.md`];
}
