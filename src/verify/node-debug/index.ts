/**
 * `--node-debug`: on one Ready AL2023 GPU node, a debug Pod prints the containerd mirror files
 * and each must equal what the config renders (`nodes.registry-mirror`). Bottlerocket nodes
 * (labelled by their pool, `BOTTLEROCKET_NODE_LABEL`) keep mirrors in Bottlerocket's settings
 * (`settings.container-registry.mirrors`), not in a file a Pod can read, so they are not
 * chosen; when every GPU node is Bottlerocket the check says so instead of passing silently.
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { BOTTLEROCKET_NODE_LABEL } from '../../charts/karpenter-nodes';
import { platformVersions } from '../../config/versions';
import { POOL_LABEL } from '../checks/nodes';
import type { Expected } from '../expected';
import { fail, isTrue, pass, type CheckResult, type ClusterReader, type K8sObject } from '../types';
import { DEBUG_LABELS, debugPod, mirrorChecks, parsePrinted } from './pod';
import { runPod } from './run';

const ID = 'nodes.registry-mirror';
/** Image of the debug Pod: the busybox the platform already pins for Dragonfly's init containers. */
export const DEBUG_IMAGE = `docker.io/library/busybox:${platformVersions.busybox}`;

const isBottlerocket = (n: K8sObject) => n.metadata.labels?.[BOTTLEROCKET_NODE_LABEL.key] === BOTTLEROCKET_NODE_LABEL.value;

/** The first Ready AL2023 node of a GPU pool, or why there is none. */
export function chooseNode(gpuPools: readonly string[], nodes: readonly K8sObject[]): { node: string } | { none: string } {
  const pools = new Set(gpuPools);
  const gpu = nodes.filter((n) => pools.has(n.metadata.labels?.[POOL_LABEL] ?? '') && isTrue(n, 'Ready'));
  const al2023 = gpu.filter((n) => !isBottlerocket(n));
  if (al2023.length) return { node: al2023[0].metadata.name };
  return { none: gpu.length ? 'every Ready GPU node runs Bottlerocket, whose mirrors are settings (apiclient get settings.container-registry), not a file' : 'no Ready GPU node (GPU pools at zero)' };
}

/** Options of {@link nodeDebugChecks}. */
export interface NodeDebugOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** Picks a node, runs the debug Pod there (always removed), compares what it printed. */
export async function nodeDebugChecks(e: Expected, k: ClusterReader, kc: KubeConfig, o: NodeDebugOptions): Promise<CheckResult[]> {
  const chosen = chooseNode(e.gpuPools.map((p) => p.name), await k.list('v1', 'Node'));
  if ('none' in chosen) return [pass(ID, 'GPU nodes', `not checked: ${chosen.none}`)];
  const { registries, endpoint, debugNamespace: namespace } = e.registryMirror;
  const name = `verify-node-debug-${randomBytes(3).toString('hex')}`;
  const pod = debugPod({ name, namespace, node: chosen.node, registries, image: DEBUG_IMAGE, deadlineSeconds: Math.ceil(o.timeoutMs / 1000) + 60 });
  const run = await runPod(kc, pod, o);
  const selector = Object.entries(DEBUG_LABELS).map(([key, v]) => `${key}=${v}`).join(',');
  const leftBehind = run.leftBehind ? [fail(`${ID}-cleanup`, chosen.node, `debug pod not deleted: ${run.leftBehind}`, `kubectl -n ${namespace} delete pod -l ${selector}`)] : [];
  if (run.log === undefined) return [fail(ID, chosen.node, `debug pod ${namespace}/${name}: ${run.error}`, `kubectl -n ${namespace} get events --field-selector involvedObject.name=${name}`), ...leftBehind];
  return [...mirrorChecks(chosen.node, registries, endpoint, parsePrinted(run.log)), ...leftBehind];
}
