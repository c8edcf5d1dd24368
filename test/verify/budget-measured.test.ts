/**
 * The budget report shows the latest committed measurement beside the modelled stages, and is
 * unchanged when there is none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthEnvironment } from '../../src';
import { budgetMarkdown } from '../../src/report/markdown';
import { latestMeasurement, writeMeasurement, type Measurement } from '../../src/verify/measurements';
import { fixtureEnvironment } from '../fixtures/environment';
import { scratchDir } from '../support/scratch';

const env = fixtureEnvironment();
const m: Measurement = { env: 'fixture', date: '2026-01-02', workloads: [{ workload: 'worker', p2p: false, seconds: { triggerLag: 9, coldStart: 101, podsToZero: 330 } }] };

describe('budget report with a measurement', () => {
  it('adds a measured column only to the measured workload', () => {
    const md = budgetMarkdown(env, m);
    const worker = md.slice(md.indexOf('### worker'), md.indexOf('### web'));
    expect(worker).toContain('| scale from zero | seconds | measured/modelled | source | measured (2026-01-02) |');
    // The scale test times the trigger lag as one span: beside the sum of its terms, not beside either.
    expect(worker).toMatch(/\| trigger lag \(Pushgateway scrape\) \| \d+ s \| modelled \| [^|]* \| {2}\|/);
    expect(worker).toMatch(/\| trigger lag \(KEDA polling\) \| \d+ s \| modelled \| [^|]* \| {2}\|/);
    expect(worker).toMatch(/\| \*\*trigger lag: Pushgateway scrape \+ KEDA polling\*\* \| \*\*\d+ s\*\* \| {2}\| {2}\| 9 s \|/);
    expect(worker).toMatch(/\*\*without P2P[^|]*\*\* \| \*\*\d+ s\*\* \| {2}\| {2}\| 101 s \|/);
    expect(worker).toMatch(/\*\*pods at zero\*\* \| \*\*\d+ s\*\* \| {2}\| {2}\| 330 s \|/);
    expect(md.slice(md.indexOf('### web'))).not.toContain('measured (');
  });
  it('is unchanged without one', () => {
    expect(budgetMarkdown(env, undefined)).toBe(budgetMarkdown(env));
    expect(budgetMarkdown(env)).not.toContain('measured (');
  });
  it('reads the newest committed measurement by date', () => {
    const root = scratchDir('measurements');
    writeMeasurement(root, { ...m, date: '2026-01-01' }, '# old\n');
    writeMeasurement(root, m, '# new\n');
    expect(latestMeasurement('fixture', root)?.date).toBe('2026-01-02');
    expect(latestMeasurement('other', root)).toBeUndefined();
    fs.rmSync(root, { recursive: true });
  });
  it('synth reads the measurements of the project it writes, wherever it runs from', () => {
    const root = scratchDir('measurements');
    writeMeasurement(root, m, '# new\n');
    expect(process.cwd()).not.toBe(root);
    synthEnvironment(env, { outdir: root });
    expect(fs.readFileSync(path.join(root, 'dist/fixture/budget.md'), 'utf8')).toBe(budgetMarkdown(env, m));
  });
});
