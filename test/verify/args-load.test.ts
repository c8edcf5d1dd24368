/** Verify's command line and the series a scale test pushes for a trigger query. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/synth/args';
import { parseVerifyArgs } from '../../src/verify/args';
import { pushgatewayService, seriesOfQuery } from '../../src/verify/scale/load';
import { fixtureEnvironment } from '../fixtures/environment';

describe('verify arguments', () => {
  it('parse a scale test run', () => {
    expect(parseVerifyArgs(['--env', 'a', '--scale-test', 'w', '--yes', '--record', '--timeout', '1200'], ['a'])).toMatchObject({ env: 'a', scaleTest: 'w', yes: true, record: true, timeoutSeconds: 1200, forceContext: false, nodeDebug: false });
    expect(parseVerifyArgs(['--env', 'a', '--node-debug'], ['a'])).toMatchObject({ nodeDebug: true, scaleTest: undefined });
  });
  it('refuse an unknown flag, an unknown environment, a missing --env and --record without a scale test', () => {
    for (const argv of [['--env', 'a', '--forse-context'], ['--env', 'b'], [], ['--env', 'a', '--record'], ['--env', 'a', '--timeout', '0']]) {
      expect(() => parseVerifyArgs(argv, ['a'])).toThrow(UsageError);
    }
  });
});

describe('scale-test load', () => {
  it('pushes the series the trigger query reads, at the threshold', () => {
    expect(seriesOfQuery('sum(gpu_job_queue_depth{queue="embeddings"})', 5)).toBe('gpu_job_queue_depth{queue="embeddings"} 5\n');
    expect(seriesOfQuery('max by (q) (jobs_waiting)', 3)).toBe('jobs_waiting 3\n');
  });
  it('finds the Pushgateway Service from the environment\'s release', () => {
    expect(pushgatewayService(fixtureEnvironment())).toEqual({ namespace: 'monitoring', service: 'prometheus-pushgateway', port: 9091 });
  });
});
