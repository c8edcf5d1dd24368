/**
 * `--node-debug` without a cluster: the Pod it starts, and the comparison run end to end on this
 * machine: the AL2023 user data script the EC2NodeClass renders writes the hosts.toml files
 * (into a temporary directory instead of /etc/containerd/certs.d), the debug Pod's own script
 * prints them, and the printed text must match the config, then stop matching once edited.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { al2023UserData } from '../../src/constructs/karpenter/registry-mirror';
import { mirroredRegistries } from '../../src/charts/karpenter-nodes';
import { chooseNode, DEBUG_IMAGE } from '../../src/verify/node-debug';
import { CERTS_DIR, debugPod, mirrorChecks, parsePrinted, printScript } from '../../src/verify/node-debug/pod';
import { fixtureEnvironment } from '../fixtures/environment';
import { node } from './objects';
import { scratchDir } from '../support/scratch';

const env = fixtureEnvironment((d) => (d.nodes.registryMirror.extraRegistries = ['public.ecr.aws']));
// What expectedFor puts in Expected.registryMirror (asserted in verify.test.ts), without a render.
const registries = mirroredRegistries(env);
const endpoint = env.nodes.registryMirror.endpoint;

/** Runs the user data's shell part with the certs.d path moved to `dir`; returns what the Pod would print. */
function nodeWrites(dir: string): string {
  const mime = al2023UserData({ registries, endpoint });
  // The shell part: from its shebang to the closing MIME boundary.
  const script = mime.slice(mime.indexOf('#!/bin/bash'), mime.lastIndexOf('\n\n--'));
  execFileSync('bash', ['-c', script.replaceAll(CERTS_DIR, dir)]);
  return execFileSync('sh', ['-c', printScript(registries, dir)], { encoding: 'utf8' });
}

describe('the node debug pod', () => {
  const pod = debugPod({ name: 'd', namespace: 'dragonfly', node: 'gpu-1', registries, image: DEBUG_IMAGE, deadlineSeconds: 180 });
  it('runs on the named node, tolerates its taints, mounts certs.d read-only and carries no token', () => {
    expect(registries).toEqual([env.cluster.registryHost, 'public.ecr.aws']);
    expect(pod.spec).toMatchObject({ nodeName: 'gpu-1', restartPolicy: 'Never', activeDeadlineSeconds: 180, automountServiceAccountToken: false, tolerations: [{ operator: 'Exists' }] });
    expect(pod.spec!.volumes).toEqual([{ name: 'certs', hostPath: { path: '/etc/containerd/certs.d', type: 'Directory' } }]);
    expect(pod.spec!.containers[0].volumeMounts).toEqual([{ name: 'certs', mountPath: '/host/certs.d', readOnly: true }]);
    expect(pod.spec!.containers[0].image).toMatch(/^docker\.io\/library\/busybox:\d+\.\d+\.\d+$/);
  });
  it('refuses a registry that is not a host name (it is interpolated into a shell script)', () => {
    expect(() => printScript(["x'; rm -rf / #"])).toThrow(/is not a host name/);
  });
});

describe('the registry mirror comparison', () => {
  it('passes on the files the rendered user data writes, and fails an edited or missing one', () => {
    const dir = scratchDir('certs-d');
    try {
      expect(mirrorChecks('gpu-1', registries, endpoint, parsePrinted(nodeWrites(dir))).map((r) => [r.id, r.subject, r.ok])).toEqual(registries.map((r) => ['nodes.registry-mirror', `gpu-1 ${r}`, true]));
      fs.writeFileSync(path.join(dir, registries[0], 'hosts.toml'), fs.readFileSync(path.join(dir, registries[0], 'hosts.toml'), 'utf8').replace('127.0.0.1:4001', '127.0.0.1:65001'));
      fs.rmSync(path.join(dir, registries[1]), { recursive: true });
      const printed = execFileSync('sh', ['-c', printScript(registries, dir)], { encoding: 'utf8' });
      const [edited, missing] = mirrorChecks('gpu-1', registries, endpoint, parsePrinted(printed));
      expect(edited).toMatchObject({ ok: false, message: `hosts.toml differs from the config: line 3: "[host.\\"http://127.0.0.1:65001\\"]", config renders "[host.\\"http://127.0.0.1:4001\\"]"` });
      expect(missing).toMatchObject({ ok: false, message: '/etc/containerd/certs.d/public.ecr.aws/hosts.toml missing: pulls of public.ecr.aws bypass the Dragonfly peer' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the node it runs on', () => {
  const pool = 'gpu';
  const bottlerocket = { 'gpu-inference.io/ami-family': 'bottlerocket' };
  it('is a Ready AL2023 GPU node', () => {
    expect(chooseNode(['gpu', 'a10g'], [node('cpu', 'general', 'm7i.xlarge'), node('down', pool, 'g4dn.xlarge', { ready: false }), node('br', pool, 'g4dn.xlarge', { labels: bottlerocket }), node('al', pool, 'g4dn.xlarge')])).toEqual({ node: 'al' });
  });
  it('is none, with the reason, at zero GPU nodes or with only Bottlerocket ones', () => {
    expect(chooseNode(['gpu', 'a10g'], [node('cpu', 'general', 'm7i.xlarge')])).toEqual({ none: 'no Ready GPU node (GPU pools at zero)' });
    expect(chooseNode(['gpu', 'a10g'], [node('br', pool, 'g4dn.xlarge', { labels: bottlerocket })])).toMatchObject({ none: expect.stringMatching(/^every Ready GPU node runs Bottlerocket/) });
  });
});
