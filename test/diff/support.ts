/**
 * Fixture outputs for the diff tests: the rendered files of fixture environments (no git, no
 * disk), compared as `npm run diff` compares a base commit with the working tree.
 */
import { diffOutputs, type DiffReport, type ObjectChange } from '../../src/diff';
import type { EnvironmentConfig } from '../../src/config/types';
import { rendered } from '../support/rendered';

/** The files `npm run diff` reads (dist/ and argocd/) of one or more environments. */
export function outputsOf(...envs: EnvironmentConfig[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const env of envs) for (const [file, text] of rendered(env)) if (file.startsWith('dist/') || file.startsWith('argocd/')) out.set(file, text);
  return out;
}

export function diffEnvs(base: EnvironmentConfig | EnvironmentConfig[], head: EnvironmentConfig | EnvironmentConfig[]): DiffReport {
  const list = (x: EnvironmentConfig | EnvironmentConfig[]) => (Array.isArray(x) ? x : [x]);
  return diffOutputs(outputsOf(...list(base)), outputsOf(...list(head)));
}

/** Every object change of a report. */
export function changesOf(r: DiffReport): ObjectChange[] {
  return r.environments.flatMap((e) => e.applications.flatMap((a) => a.changes));
}

/** The one change of that kind and name (fails the test when there is not exactly one). */
export function changeOf(r: DiffReport, kind: string, name: string, env = 'fixture'): ObjectChange {
  const found = changesOf(r).filter((c) => c.env === env && c.kind === kind && c.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} change in ${env}, found ${found.length}: ${changesOf(r).map((c) => `${c.type} ${c.kind} ${c.name}`).join('; ')}`);
  return found[0];
}

/** The consequence texts of one change, for one rule. */
export function textsOf(c: ObjectChange, rule?: string): string[] {
  return c.consequences.filter((x) => !rule || x.rule === rule).map((x) => x.text);
}

/** A copy of a file map with one file's text edited. */
export function editFile(files: ReadonlyMap<string, string>, file: string, edit: (text: string) => string): Map<string, string> {
  const out = new Map(files);
  const text = out.get(file);
  if (text === undefined) throw new Error(`${file} is not in the fixture output`);
  out.set(file, edit(text));
  return out;
}
