import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { environments } from '../../../src/config/environments';
import { applyOverride } from '../../../src/config/environments/merge';
import { pricing } from '../../../src/config/instances';
import type { ConfigOf } from '../../../src/config/schema/common';
import * as schema from '../../../src/config/schema/environment';
import { nearest } from '../../../src/config/schema/nearest';
import type { EnvironmentConfig, Override } from '../../../src/config/types';
import type { WorkloadConfig } from '../../../src/config/workload-types';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

/** The fixture environment: the cases below change one thing of it. */
const env = fixtureEnvironment();
const at = env.name;
const serviceOfKind = (kind: WorkloadConfig['kind']) => {
  const found = Object.entries(env.workloads.services).find(([, w]) => w.kind === kind);
  if (!found) throw new Error(`the first environment has no ${kind} workload to change`);
  return found[0];
};
const http = serviceOfKind('http');
const async = serviceOfKind('async');
const pool = Object.keys(env.nodes.pools)[0];

describe('config schema', () => {
  it('accepts every registered environment', () => {
    for (const e of Object.values(environments)) expect(validateEnvironment(e)).toEqual([]);
  });

  it('checks what only Terraform uses: the state bucket, admin role ARNs, tags and root volumes', () => {
    const bad = withOverride(env, (d) => {
      d.terraform.stateBucket = 'TF_State';
      d.terraform.clusterAdminRoleArns = ['arn:aws:iam::111122223333:role/admins', 'arn:aws:iam::1111:user/bob'];
      d.terraform.tags = { team: 'ml', 'karpenter.sh/discovery': 'x' };
      d.nodes.systemNodeGroup.rootVolumeGiB = 8;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.nodes.systemNodeGroup.rootVolumeGiB`, message: '8 GiB is below the 20 GiB the EKS AL2023 AMIs need for their root volume' },
      { path: `${at}.terraform.stateBucket`, message: '"TF_State" is not an S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit)' },
      { path: `${at}.terraform.clusterAdminRoleArns[1]`, message: '"arn:aws:iam::1111:user/bob" is not an IAM role ARN like arn:aws:iam::111122223333:role/platform-admins' },
      {
        path: `${at}.terraform.tags`,
        message: "karpenter.sh/discovery is set by Terraform on this cluster's subnets and security group only; on every resource it would let Karpenter pick any of them",
      },
    ]);
  });

  it('names a misspelled key and the key it was probably meant to be', () => {
    const bad = withOverride(env, (d) => (d.knative.stableWindw = '90s'));
    expect(validateEnvironment(bad)).toEqual([{ path: `${at}.knative.stableWindw`, message: 'unknown key "stableWindw": did you mean "stableWindow"?' }]);
  });

  it('lists the known keys when an unknown key resembles none', () => {
    const bad = withOverride(env, (d) => (d.ingress.colour = 'blue'));
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.ingress.colour`, message: `unknown key "colour": remove it (known keys: ${Object.keys(schema.ingress.shape).join(', ')})` },
    ]);
  });

  it('refuses strings where numbers belong, instead of concatenating them', () => {
    const bad = withOverride(env, (d) => {
      d.workloads.services[http].timeoutSeconds = '600';
      d.workloads.services[http].coldStart.modelLoadSeconds = '90';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.workloads.services.${http}.coldStart.modelLoadSeconds`, message: '"90" is a string; write the number without quotes' },
      { path: `${at}.workloads.services.${http}.timeoutSeconds`, message: '"600" is a string; write the number without quotes' },
    ]);
  });

  it('refuses negative or fractional replicas, non-positive thresholds and polling intervals, NaN and Infinity', () => {
    const bad = withOverride(env, (d) => {
      const w = d.workloads.services[async];
      w.minReplicas = -1;
      w.maxReplicas = 2.5;
      w.pollingIntervalSeconds = 0;
      w.cooldownPeriodSeconds = Infinity;
      w.triggers[0].threshold = -1;
      w.triggers[0].activationThreshold = NaN;
    });
    const w = `${at}.workloads.services.${async}`;
    expect(validateEnvironment(bad)).toEqual([
      { path: `${w}.minReplicas`, message: '-1 must be at least 0' },
      { path: `${w}.maxReplicas`, message: '2.5 must be a whole number' },
      { path: `${w}.triggers[0].threshold`, message: '-1 must be above 0' },
      { path: `${w}.triggers[0].activationThreshold`, message: 'NaN is not a usable number; write a finite number' },
      { path: `${w}.pollingIntervalSeconds`, message: '0 must be at least 1' },
      { path: `${w}.cooldownPeriodSeconds`, message: 'Infinity is not a usable number; write a finite number' },
    ]);
  });

  it('refuses names Kubernetes would reject: workloads, namespaces, pools, node classes, PriorityClasses', () => {
    const bad = withOverride(env, (d) => {
      d.workloads.services.Chat_Bot = d.workloads.services[http];
      d.namespaces['Team.A'] = Object.values(d.namespaces)[0];
      d.nodes.pools['gpu_spot'] = d.nodes.pools[pool];
      d.nodes.nodeClasses['-al2023'] = Object.values(d.nodes.nodeClasses)[0];
      d.priorityClasses['x'.repeat(64)] = Object.values(d.priorityClasses)[0];
      d.workloads.namespace = 'Inference';
    });
    const name = (n: string, fix: string) =>
      `"${n}" is not a valid Kubernetes name (RFC 1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters); rename it, e.g. "${fix}"`;
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.namespaces.Team.A`, message: name('Team.A', 'team-a') },
      { path: `${at}.nodes.nodeClasses.-al2023`, message: name('-al2023', 'al2023') },
      { path: `${at}.nodes.pools.gpu_spot`, message: name('gpu_spot', 'gpu-spot') },
      { path: `${at}.priorityClasses.${'x'.repeat(64)}`, message: name('x'.repeat(64), 'x'.repeat(63)) },
      { path: `${at}.workloads.namespace`, message: name('Inference', 'inference') },
      { path: `${at}.workloads.services.Chat_Bot`, message: name('Chat_Bot', 'chat-bot') },
    ]);
  });

  it('refuses a region the instance catalogue has no prices for, and a malformed account id', () => {
    const bad = withOverride(env, (d) => {
      d.cluster.region = 'us-est-1';
      d.cluster.accountId = '1234';
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.cluster.region`,
        message:
          `"us-est-1" has no prices in the instance catalogue (src/config/instances.ts prices ${pricing.region} only), so GPU spend and placement ` +
          "cannot be computed for it; use a priced region or add that region's prices to the catalogue",
      },
      { path: `${at}.cluster.accountId`, message: '"1234" must be the 12-digit AWS account id' },
    ]);
  });

  it('refuses an unknown workload kind and enum values it does not know', () => {
    const bad = withOverride(env, (d) => {
      d.workloads.services[http].kind = 'grpc';
      d.ingress.exposure = 'open';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.workloads.services.${http}.kind`, message: 'kind must be "async" (queue-driven, KEDA), "http" (Knative) or "disaggregated" (prefill/decode), not "grpc"' },
      { path: `${at}.ingress.exposure`, message: '"open" is not one of "none", "internal", "public"' },
    ]);
  });

  it('reports every shape problem at once, and runs the rules only on a valid shape', () => {
    const bad = withOverride(env, (d) => {
      d.knative.stableWindw = '90s';
      d.workloads.services[async].pollingIntervalSeconds = -5;
      delete d.knative.replicas;
      // A rule violation (image without a tag): reported only once the shape is right.
      d.workloads.services[http].image = 'registry.local/chat';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.workloads.services.${async}.pollingIntervalSeconds`, message: '-5 must be at least 1' },
      { path: `${at}.knative.replicas`, message: 'required: add a number' },
      { path: `${at}.knative.stableWindw`, message: 'unknown key "stableWindw": did you mean "stableWindow"?' },
    ]);
  });

  it('checks the merged result of an override, so an override cannot add keys the base does not have', () => {
    const { name: _name, ...rest } = env;
    const misspelled = applyOverride<EnvironmentConfig>(env, { knative: { stableWindw: '90s' } } as Override<EnvironmentConfig>);
    expect(validateEnvironment(misspelled)).toEqual([{ path: `${at}.knative.stableWindw`, message: 'unknown key "stableWindw": did you mean "stableWindow"?' }]);
    // A misspelled pool name becomes a new pool with only the overridden fields: every missing one is named.
    const newPool = applyOverride<EnvironmentConfig>({ ...rest, name: at }, { nodes: { pools: { [`${pool}x`]: { weight: 5 } } } } as Override<EnvironmentConfig>);
    const problems = validateEnvironment(newPool);
    expect(problems.map((p) => p.path)).toContain(`${at}.nodes.pools.${pool}x.nodeClass`);
    expect(problems.every((p) => p.path.startsWith(`${at}.nodes.pools.${pool}x.`) && p.message.startsWith('required:'))).toBe(true);
  });
});

describe('nearest', () => {
  it('suggests a key within a third of its letters, and nothing for an unrelated word', () => {
    expect(nearest('stableWindw', ['stableWindow', 'replicas'])).toBe('stableWindow');
    expect(nearest('minreplicas', ['minReplicas', 'maxReplicas'])).toBe('minReplicas');
    expect(nearest('colour', ['domain', 'exposure'])).toBeUndefined();
  });
});

describe('config types', () => {
  it('are inferred from the schema, not written beside it', () => {
    expectTypeOf<EnvironmentConfig>().toEqualTypeOf<ConfigOf<typeof schema.environment>>();
    expectTypeOf<EnvironmentConfig['knative']>().toEqualTypeOf<ConfigOf<typeof schema.knative>>();
    // What the schema outputs is a config, and a config satisfies the schema's input.
    expectTypeOf<z.output<typeof schema.environment>>().toExtend<EnvironmentConfig>();
    const sample = env satisfies ConfigOf<typeof schema.environment>;
    expect(sample).toBe(env);
  });
});
