/**
 * Runs one debug Pod to completion and returns its log; the Pod is deleted in every case
 * (finished, failed, timed out, aborted by Ctrl-C, or the API erroring mid-way). Its
 * `activeDeadlineSeconds` is the second line of defence should verify itself be killed.
 */
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';

/** How long to wait and how often to look, and what ends the wait early. */
export interface PodRunOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** The Pod's log, or why there is none; `leftBehind` when the delete itself failed. */
export interface PodRun {
  readonly log?: string;
  readonly error?: string;
  readonly leftBehind?: string;
}

/** The API server's Status message of a failed request (the client's own message wraps it in escaped JSON). */
export function apiError(e: unknown): string {
  const x = e as { code?: number; body?: unknown; message?: string };
  try {
    const status = typeof x.body === 'string' ? JSON.parse(x.body) : x.body;
    if (status?.message) return `HTTP ${x.code}: ${status.message}`;
  } catch {
    // not a Status body: fall through to the error's own message
  }
  return (x.message ?? String(e)).slice(0, 400);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

async function waitForEnd(core: CoreV1Api, name: string, namespace: string, o: PodRunOptions): Promise<PodRun> {
  const deadline = Date.now() + o.timeoutMs;
  let phase = 'unknown';
  while (!o.signal?.aborted && Date.now() < deadline) {
    phase = (await core.readNamespacedPod({ name, namespace })).status?.phase ?? 'Pending';
    if (phase === 'Succeeded') return { log: await core.readNamespacedPodLog({ name, namespace }) };
    if (phase === 'Failed') return { error: `pod failed: ${(await core.readNamespacedPodLog({ name, namespace }).catch(() => '')).slice(0, 200) || 'no log'}` };
    await sleep(Math.min(o.pollMs ?? 1000, Math.max(0, deadline - Date.now())), o.signal);
  }
  if (o.signal?.aborted) return { error: 'interrupted' };
  return { error: `pod still ${phase} after ${Math.round(o.timeoutMs / 1000)} s (image not pulled, node unreachable, or no kubelet)` };
}

/** Creates `pod`, waits for it to end, reads its log, and always deletes it. */
export async function runPod(kc: KubeConfig, pod: V1Pod, o: PodRunOptions): Promise<PodRun> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  if (o.signal?.aborted) return { error: 'interrupted' };
  try {
    await core.createNamespacedPod({ namespace, body: pod });
  } catch (e) {
    // Refused (admission, quota, RBAC): nothing exists, so nothing to delete.
    return { error: `not created: ${apiError(e)}` };
  }
  let result: PodRun = { error: 'not run' };
  try {
    result = await waitForEnd(core, name, namespace, o);
  } catch (e) {
    result = { error: apiError(e) };
  } finally {
    try {
      await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    } catch (e) {
      result = { ...result, leftBehind: `${namespace}/${name} (${apiError(e)})` };
    }
  }
  return result;
}
