import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { UsageError } from '../../../src/synth/args';
import { toolArgs } from '../../../src/tools/cluster/run';

const names = Object.keys(environments);

describe('toolArgs (npm run check:cluster, npm run render-charts)', () => {
  it('takes --env in both spellings, repeated, and every environment when none is named', () => {
    expect(toolArgs([]).envs).toEqual(names);
    expect(toolArgs([`--env=${names[0]}`, '--env', names[0]]).envs).toEqual([names[0]]);
    expect(toolArgs(['--chart', 'keda=/tmp/keda', '--chart=kyverno=/tmp/k'], ['chart']).options).toEqual({ chart: ['keda=/tmp/keda', 'kyverno=/tmp/k'] });
  });

  it.each([
    [['--evn', 'x'], "Unknown option '--evn'"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--chart', 'a=b'], "Unknown option '--chart'"],
    [['--env', 'no-such-env'], `unknown environment "no-such-env"; choose from: ${names.join(', ')}`],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => toolArgs(argv)).toThrow(UsageError);
    expect(() => toolArgs(argv)).toThrow(message);
  });
});
