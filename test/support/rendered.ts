import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';
import { environments } from '../../src/config/environments';
import { renderEnvironment, type RenderedFiles } from '../../src/synth/render';
import type { EnvironmentConfig } from '../../src/config/types';

export const ROOT = path.resolve(__dirname, '../..');

// Keyed by the config object, not its name: test files share this module (and so this cache),
// and an override of `prod` must never be answered with the render of `prod`.
const cache = new WeakMap<EnvironmentConfig, RenderedFiles>();

/** Fresh in-memory render of one environment (cached for the test run). */
export function rendered(env: EnvironmentConfig): RenderedFiles {
  if (!cache.has(env)) cache.set(env, renderEnvironment(env));
  return cache.get(env)!;
}

/** A parsed document with the file it came from. */
export interface RenderedDoc {
  readonly file: string;
  readonly doc: Record<string, any>;
}

// Parsing YAML is a third of what the tests spend: each rendered set is parsed once. The
// documents are frozen, so a test that edits one fails instead of changing what others see.
const parsed = new WeakMap<RenderedFiles, readonly RenderedDoc[]>();

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Every YAML document in rendered files, parsed from the text as written (read-only). */
export function docsOf(files: RenderedFiles): RenderedDoc[] {
  if (!parsed.has(files)) {
    const docs = [...files.entries()]
      .filter(([f]) => f.endsWith('.yaml') && !f.endsWith('values.yaml'))
      .flatMap(([file, text]) => (loadAll(text) as Record<string, any>[]).filter(Boolean).map((doc) => ({ file, doc })));
    parsed.set(files, deepFreeze(docs));
  }
  return [...parsed.get(files)!];
}

/** Every YAML document of every environment, freshly rendered. */
export function allDocs(): RenderedDoc[] {
  return Object.values(environments).flatMap((env) => docsOf(rendered(env)));
}

/** Files under `dir` (relative to the project root), recursively, as project-relative paths. */
export function filesOnDisk(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** A copy of an environment with a field replaced, for misconfiguration tests. */
export function withOverride(env: EnvironmentConfig, patch: (draft: any) => void): EnvironmentConfig {
  const draft = structuredClone(env) as any;
  patch(draft);
  return draft as EnvironmentConfig;
}
