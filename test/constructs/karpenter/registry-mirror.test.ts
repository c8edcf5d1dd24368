import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { al2023UserData, bottlerocketUserData, containerdHostsToml } from '../../../src/constructs/karpenter/registry-mirror';

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const props = { registries: [ECR, 'public.ecr.aws'], endpoint: 'http://127.0.0.1:4001' };

/** Splits a MIME multipart document into its parts' headers and bodies. */
function mimeParts(doc: string): { contentType: string; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(doc)?.[1];
  expect(doc.startsWith('MIME-Version: 1.0\n')).toBe(true);
  expect(boundary).toBeDefined();
  const chunks = doc.split(`--${boundary}`);
  expect(chunks[chunks.length - 1].trim()).toBe('--');
  return chunks.slice(1, -1).map((chunk) => {
    const [head, ...body] = chunk.replace(/^\n/, '').split('\n\n');
    return { contentType: /Content-Type: ([^;\n]+)/.exec(head)![1], body: body.join('\n\n') };
  });
}

describe('containerd hosts.toml', () => {
  it('tries the Dragonfly peer first and falls back to the registry itself', () => {
    const toml = parseToml(containerdHostsToml(ECR, 'http://127.0.0.1:4001')) as any;
    expect(toml.server).toBe(`https://${ECR}`);
    expect(toml.host['http://127.0.0.1:4001'].capabilities).toEqual(['pull', 'resolve']);
    expect(toml.host['http://127.0.0.1:4001'].header['X-Dragonfly-Registry']).toEqual([`https://${ECR}`]);
  });
});

describe('AL2023 user data', () => {
  it('is MIME multipart whose shell part writes one valid hosts.toml per registry', () => {
    const parts = mimeParts(al2023UserData(props));
    expect(parts.map((p) => p.contentType)).toEqual(['text/x-shellscript']);
    const script = parts[0].body;
    expect(script.startsWith('#!/bin/bash\nset -euo pipefail\n')).toBe(true);
    for (const registry of props.registries) {
      const re = new RegExp(`cat > /etc/containerd/certs\\.d/${registry.replace(/\./g, '\\.')}/hosts\\.toml <<'HOSTS_TOML'\\n([\\s\\S]*?)\\nHOSTS_TOML`);
      const written = re.exec(script)?.[1];
      expect(written, registry).toBeDefined();
      expect((parseToml(written!) as any).server).toBe(`https://${registry}`);
    }
  });
});

describe('Bottlerocket user data', () => {
  it('declares each registry mirror through the settings API: the peer first, the registry itself as fallback', () => {
    const toml = parseToml(bottlerocketUserData(props)) as any;
    expect(toml.settings['container-registry'].mirrors).toEqual([
      { registry: ECR, endpoint: ['http://127.0.0.1:4001', `https://${ECR}`] },
      { registry: 'public.ecr.aws', endpoint: ['http://127.0.0.1:4001', 'https://public.ecr.aws'] },
    ]);
  });
});
