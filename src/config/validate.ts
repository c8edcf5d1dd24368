import type { ConfigProblem } from './errors';
import type { EnvironmentConfig } from './types';
import { checkAddons } from './rules/addons';
import { checkBudget } from './rules/budget';
import { checkDisruption } from './rules/disruption';
import { checkDra } from './rules/dra';
import { Problems } from './rules/collector';
import { checkIdentity } from './rules/identity';
import { checkIngress } from './rules/ingress';
import { checkNamespaces } from './rules/namespaces';
import { checkNodeDisk } from './rules/node-disk';
import { checkNodes } from './rules/nodes';
import { checkPlatform } from './rules/platform';
import { checkPodHardening } from './rules/pod-hardening';
import { checkSystemCapacity } from './rules/system-capacity';
import { checkWorkloads } from './rules/workloads';
import { shapeProblems } from './schema/problems';

const rules = [checkIdentity, checkNamespaces, checkNodes, checkNodeDisk, checkDisruption, checkWorkloads, checkDra, checkPodHardening, checkIngress, checkPlatform, checkAddons, checkSystemCapacity, checkBudget];

/**
 * Every problem in one environment, each with its config path (`<env>.<field>...`).
 * Empty when the environment is valid. The shape comes first: the rules compute with the
 * values (a string where a number belongs would be concatenated, not added), so they run
 * only on a config the schema accepts.
 */
export function validateEnvironment(env: EnvironmentConfig): readonly ConfigProblem[] {
  const prefix = typeof env?.name === 'string' && env.name !== '' ? env.name : '<unnamed>';
  const shape = shapeProblems(env, prefix);
  if (shape.length > 0) return shape;
  const problems = new Problems();
  for (const rule of rules) rule(env, problems, env.name);
  return problems.list;
}
