/**
 * The edit loop a forking team goes through, on scratch copies of the registered configuration
 * and through the public API only: each typical edit validates, synthesizes, and changes the
 * rendered output the way it should. (Adding an environment in another region is covered with
 * the region price table.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { budgetReport, environments, synthEnvironment, synthEnvironments, validateEnvironment, type EnvironmentConfig } from '../../src';
import { fixtureHttpService } from '../fixtures/workloads';
import { siblingOf } from '../fixtures/environment';
import { withOverride } from '../support/rendered';
import { scratchDir } from '../support/scratch';

const scratch = () => scratchDir('edits');
const read = (dir: string, file: string) => load(fs.readFileSync(path.join(dir, file), 'utf8')) as any;

/** Every registered environment that runs GPU pools (the edits below need one). */
const envs = Object.values(environments).filter((e) => Object.values(e.nodes.pools).some((p) => p.gpu));

describe.each(envs.map((e) => [e.name, e] as const))('%s: typical edits synthesize and change the output', (name, env: EnvironmentConfig) => {
  it('(a) adding an HTTP service renders its Knative Service, PDB and budget section', () => {
    // What a user does alongside: more pool GPUs, a larger quota, and no spend limit in the way.
    const edited = withOverride(env, (d) => {
      d.workloads.services['edit-summarize'] = { ...fixtureHttpService(d.cluster.registryHost), minReplicas: 0, maxReplicas: 1 };
      for (const pool of Object.values<any>(d.nodes.pools).filter((p) => p.gpu)) pool.limits.gpus += 2;
      const quota = d.namespaces[d.workloads.namespace].quota;
      Object.assign(quota, { gpus: quota.gpus + 4, cpu: quota.cpu * 2, memoryGiB: quota.memoryGiB * 2, pods: quota.pods + 10 });
      delete d.budget;
    });
    expect(validateEnvironment(edited)).toEqual([]);
    const out = scratch();
    synthEnvironment(edited, { outdir: out });
    const ns = edited.workloads.namespace;
    expect(read(out, `dist/${name}/inference-workloads/service.${ns}.edit-summarize.yaml`).spec.template.metadata.annotations['autoscaling.knative.dev/max-scale']).toBe('1');
    expect(fs.existsSync(path.join(out, `dist/${name}/inference-workloads/poddisruptionbudget.${ns}.edit-summarize.yaml`))).toBe(true);
    expect(fs.readFileSync(path.join(out, `dist/${name}/budget.md`), 'utf8')).toContain('### edit-summarize');
  });

  it('(c) raising a GPU pool limit raises the NodePool limit and the spend ceiling', () => {
    const [pool] = Object.entries(env.nodes.pools).find(([, p]) => p.gpu)!;
    const edited = withOverride(env, (d) => {
      d.nodes.pools[pool].limits.gpus += 4;
      delete d.budget; // a raised limit may meet the spend limit first: that refusal is tested elsewhere
    });
    expect(validateEnvironment(edited)).toEqual([]);
    const out = scratch();
    synthEnvironment(edited, { outdir: out });
    expect(read(out, `dist/${name}/karpenter-nodes/nodepool.${pool}.yaml`).spec.limits['nvidia.com/gpu']).toBe(String(env.nodes.pools[pool].limits.gpus! + 4));
    expect(budgetReport(edited).gpuSpendCeilingUsdPerHour).toBeGreaterThan(budgetReport(env).gpuSpendCeilingUsdPerHour);
  });

  it('(d) adding an environment by copying this one renders its own folders and Terraform inputs', () => {
    const staging = siblingOf(env, 'edit-staging', '10.250.0.0/16');
    expect(validateEnvironment(staging)).toEqual([]);
    // Rendered together with every registered environment: no shared cluster, network or host.
    const out0 = scratch();
    synthEnvironments([...Object.values(environments), staging], { outdir: out0 });
    // A copy that kept the source's cluster is refused before anything is written.
    const clash = withOverride(staging, (d) => (d.cluster.name = env.cluster.name));
    const out1 = scratch();
    expect(() => synthEnvironments([env, clash], { outdir: out1 })).toThrow(`edit-staging.cluster.name: "${env.cluster.name}" is also ${name}.cluster.name`);
    expect(fs.readdirSync(out1)).toEqual([]);
    const out = scratch();
    synthEnvironment(staging, { outdir: out });
    expect(fs.readdirSync(path.join(out, 'dist'))).toEqual(['edit-staging']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'terraform/generated/edit-staging/platform.tfvars.json'), 'utf8')).cluster_name).toBe('gpu-inference-edit-staging');
    expect(read(out, 'argocd/edit-staging/root-app.yaml').spec.source.path).toBe('argocd/edit-staging/apps');
  });
});
