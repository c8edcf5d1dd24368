import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';

const scrapedEvery = (scrapeInterval: string, patch: (d: any) => void = () => undefined) =>
  validateEnvironment(
    fixtureEnvironment((d) => {
      d.addons.pushgateway.scrapeInterval = scrapeInterval;
      patch(d);
    }),
  );

describe('add-on guardrails', () => {
  it('accepts a Prometheus duration as the Pushgateway scrape interval', () => {
    for (const ok of ['5s', '10s', '1m', '1m30s', '500ms']) expect(scrapedEvery(ok), ok).toEqual([]);
  });

  it('refuses a Pushgateway scrape interval that is not a positive Prometheus duration', () => {
    // (An empty string is a shape problem: "must not be empty".)
    for (const bad of ['10 seconds', '10', '0s', '5 s']) {
      expect(scrapedEvery(bad), bad).toEqual([{ path: 'fixture.addons.pushgateway.scrapeInterval', message: `"${bad}" is not a duration like 5s` }]);
    }
  });

  it('reports only the interval when a cold-start limit is set (the budget skips what does not parse)', () => {
    expect(scrapedEvery('fast', (d) => (d.budget = { maxColdStartSeconds: 1000 }))).toEqual([
      { path: 'fixture.addons.pushgateway.scrapeInterval', message: '"fast" is not a duration like 5s' },
    ]);
  });
});
