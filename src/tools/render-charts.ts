/**
 * `npm run render-charts [-- --env <name>]... [--chart <app>=<chart dir>]...`: renders every
 * pinned Helm release of each environment with its values by the pinned Helm, as Argo CD would,
 * into `.cache/rendered-charts/<env>/<app>.yaml`, then runs the `check:cluster` checks with the
 * charts' objects in their Applications' place. Needs the chart repositories (a workstation, the
 * pull-request workflow); `--chart` uses a local chart directory instead (a mirror, or a test).
 * Exit 0: clean; 1: findings; 2: a tool or a chart repository unavailable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { helmElements, helmTemplate } from './cluster/helm-template';
import type { K8sObject } from './cluster/plan';
import { checkEnvironments, runCli, toolArgs } from './cluster/run';
import { UsageError } from '../synth/args';
import { ToolUnavailable } from './cluster/toolchain';

const ROOT = path.resolve(__dirname, '../..');

class ChartUnavailable extends Error {}

/** `--chart <app>=<chart dir>` (repeatable): render that app from a local chart directory. */
function localCharts(pairs: readonly string[]): Map<string, string> {
  return new Map(pairs.map((p) => {
    const [app, dir] = p.split('=');
    if (!app || !dir) throw new UsageError(`--chart ${p}: expected <app>=<chart dir>`);
    return [app, path.resolve(dir)];
  }));
}

/** Renders one environment's charts; writes each to .cache/rendered-charts/<env>/<app>.yaml. */
export function renderCharts(root: string, env: string, local: ReadonlyMap<string, string>): Map<string, K8sObject[]> {
  const out = path.join(root, '.cache', 'rendered-charts', env);
  fs.mkdirSync(out, { recursive: true });
  const charts = new Map<string, K8sObject[]>();
  const failed: string[] = [];
  for (const e of helmElements(root, env)) {
    try {
      const objects = helmTemplate(e, { root, localChart: local.get(e.name) });
      fs.writeFileSync(path.join(out, `${e.name}.yaml`), objects.map((o) => yaml.dump(o, { sortKeys: true, noRefs: true, lineWidth: -1 })).join('---\n'));
      charts.set(e.name, objects);
    } catch (err) {
      failed.push(`${env}/${e.name} (${e.chart} ${e.version} from ${e.repoURL}): ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').pop()}`);
    }
  }
  if (failed.length) {
    throw new ChartUnavailable(`could not render ${failed.length} chart(s); is the chart repository reachable from here?\n  - ${failed.join('\n  - ')}`);
  }
  return charts;
}

if (require.main === module) {
  runCli(async () => {
    const { envs, options } = toolArgs(process.argv.slice(2), ['chart']);
    const local = localCharts(options.chart);
    const rendered = new Map(envs.map((env) => [env, renderCharts(ROOT, env, local)]));
    return (await checkEnvironments(ROOT, envs, (env) => rendered.get(env))) ? 1 : 0;
  }, (e) => e instanceof ToolUnavailable || e instanceof ChartUnavailable);
}
