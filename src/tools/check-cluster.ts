/**
 * `npm run check:cluster [-- --env <name>]...`: applies every environment's rendered output to a
 * real kube-apiserver (pinned, built from its Go module) in Argo CD's order, admits every pod
 * template as a dry-run Pod (upstream Pod Security admission, LimitRange, quota, priority), and
 * evaluates every Enforce Kyverno rule on those Pods with the pinned Kyverno CLI.
 * Exit 0: everything admitted; 1: findings (each listed); 2: a tool could not be built.
 */
import * as path from 'node:path';
import { checkEnvironments, runCli, toolArgs } from './cluster/run';
import { ToolUnavailable } from './cluster/toolchain';

const ROOT = path.resolve(__dirname, '../..');

runCli(async () => ((await checkEnvironments(ROOT, toolArgs(process.argv.slice(2)).envs)) ? 1 : 0), (e) => e instanceof ToolUnavailable);
