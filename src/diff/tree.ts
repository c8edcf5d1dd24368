/**
 * Where the two sides of `npm run diff` come from: the committed output at a git ref (read with
 * `git ls-tree` / `git cat-file`, never re-rendered) and the working tree. Both are a map of
 * project-relative path -> file text, so tests build them in memory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Project-relative path (forward slashes) -> file content. */
export type FileMap = ReadonlyMap<string, string>;

/** The rendered output the diff compares: manifests and budget reports, and the Argo CD bootstrap. */
export const DIFF_ROOTS = ['dist', 'argocd'] as const;

/** One side of the comparison. */
export interface OutputTree {
  /** What to call it in the report (`main (3759a61)`, `working tree`). */
  readonly label: string;
  files(): FileMap;
}

function git(root: string, args: readonly string[], input?: string): Buffer {
  return execFileSync('git', args, { cwd: root, input, maxBuffer: 512 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The committed files under DIFF_ROOTS at `ref`, read in one `git cat-file --batch`. */
export function gitTree(root: string, ref: string): OutputTree {
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString().trim();
  const short = commit.slice(0, 7);
  return {
    label: ref === commit ? short : `${ref} (${short})`,
    files() {
      const names = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', ...DIFF_ROOTS])
        .toString()
        .split('\0')
        .filter(Boolean);
      const out = new Map<string, string>();
      if (names.length === 0) return out;
      const batch = git(root, ['cat-file', '--batch'], names.map((n) => `${commit}:${n}\n`).join(''));
      let at = 0;
      for (const name of names) {
        const eol = batch.indexOf(0x0a, at);
        const header = batch.subarray(at, eol).toString();
        const size = Number(header.split(' ')[2]);
        if (!Number.isFinite(size)) throw new Error(`git cat-file ${commit}:${name}: ${header}`);
        out.set(name, batch.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        at = eol + 1 + size + 1;
      }
      return out;
    },
  };
}

/** The files under DIFF_ROOTS as they are on disk. */
export function workTree(root: string): OutputTree {
  return {
    label: 'working tree',
    files() {
      const out = new Map<string, string>();
      for (const top of DIFF_ROOTS) {
        const abs = path.join(root, top);
        if (!fs.existsSync(abs)) continue;
        for (const e of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
          if (!e.isFile()) continue;
          const file = path.join(e.parentPath, e.name);
          out.set(path.relative(root, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
        }
      }
      return out;
    },
  };
}

/** The default base: where HEAD left the main branch (`git merge-base HEAD main`, else `origin/main`). */
export function defaultBase(root: string): string {
  for (const main of ['main', 'origin/main']) {
    try {
      return git(root, ['merge-base', 'HEAD', main]).toString().trim();
    } catch {
      // no such branch here (a CI checkout has origin/main only): try the next
    }
  }
  throw new Error('no base: neither `main` nor `origin/main` shares history with HEAD; pass --base <ref>');
}
