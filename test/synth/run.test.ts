import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { environments } from '../../src/config/environments';
import { ROOT } from '../support/rendered';
import { scratchDir } from '../support/scratch';

/** A scratch copy of the project whose src/ and imports/ can be edited (node_modules/ linked). */
function scratchProject(): string {
  const dir = scratchDir('synth-run');
  for (const f of ['src', 'imports', 'package.json', 'package-lock.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** `npm run synth -- <args>` in `dir`, without npm's own start-up. */
const synth = (dir: string, ...args: string[]) => spawnSync(process.execPath, ['src/synth/run.cjs', ...args], { cwd: dir, encoding: 'utf8' });

/** Rewrites a file in place, keeping its old mtime: a bundle cache keyed on mtime alone would miss it. */
function editKeepingMtime(file: string, edit: (source: string) => string): void {
  const { atime, mtime } = fs.statSync(file);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  fs.utimesSync(file, atime, mtime);
}

// One scratch project for the whole command line: each bundle build costs about a second.
describe('npm run synth (the command line, through its cached bundle)', () => {
  const dir = scratchProject();
  const first = Object.keys(environments)[0];

  it('exits 2 with usage on a misspelled flag, writing nothing', () => {
    const bad = synth(dir, '--dryrun');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--dryrun'");
    expect(bad.stderr).toContain('usage: npm run synth');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('renders a named environment in memory with --env=<name> --dry-run', () => {
    const run = synth(dir, `--env=${first}`, '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^would render ${first} \\(\\d+ files\\)$`, 'm'));
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('skips a synth that would write what is already there, and renders again when an output was edited', () => {
    expect(synth(dir).stdout).toMatch(/^rendered /m);
    expect(synth(dir).stdout).toContain('up to date');
    const file = path.join(dir, 'dist', first, 'budget.md');
    const written = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, 'edited by hand');
    expect(synth(dir).stdout).toMatch(/^rendered /m);
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  it('never runs a stale vendor bundle: an edit under imports/ rebuilds it, an edit under src/ does not', () => {
    const vendor = path.join(dir, '.cache/vendor.js');
    expect(synth(dir, '--dry-run').status).toBe(0);
    // Written through a rename: a rebuild, even to the same bytes, is a new inode.
    const built = fs.statSync(vendor).ino;
    editKeepingMtime(path.join(dir, 'src/synth/args.ts'), (s) => `${s}\n// edited\n`);
    expect(synth(dir, '--dry-run').status).toBe(0);
    expect(fs.statSync(vendor).ino).toBe(built);
    const crd = fs.readdirSync(path.join(dir, 'imports')).find((f) => f.startsWith('keda'))!;
    editKeepingMtime(path.join(dir, 'imports', crd), (s) => `console.log('edited imports');\n${s}`);
    const run = synth(dir, '--dry-run');
    expect(run.stdout).toContain('edited imports');
    expect(run.stdout).toMatch(/^would render /m);
    expect(fs.statSync(vendor).ino).not.toBe(built);
  });

  it('never runs a stale bundle, and refuses a duplicate key with exit 1 naming file and line', () => {
    // Both edits keep the files' mtimes; the first shows the bundle was rebuilt, the second that
    // the sources are read for duplicate keys before anything renders.
    editKeepingMtime(path.join(dir, 'src/main.ts'), (s) => s.replace('function main(): void {', "console.log('edited main');\nfunction main(): void {"));
    editKeepingMtime(path.join(dir, 'src/config/environments/base.ts'), (s) => s.replace('  gitops: {', "  gitops: { targetRevision: 'x' },\n  gitops: {"));
    const run = synth(dir, '--dry-run');
    expect(run.stdout).toContain('edited main');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/- src\/config\/environments\/base\.ts:\d+: key "gitops" appears twice in this object/);
    expect(run.stdout).not.toContain('would render');
  });

  it('exits 1 on a source esbuild cannot build, naming file and line, and runs no earlier bundle', () => {
    const args = path.join(dir, 'src/synth/args.ts');
    const source = fs.readFileSync(args, 'utf8');
    fs.writeFileSync(args, `${source}\nconst = 1;\n`);
    const run = synth(dir, '--dry-run');
    fs.writeFileSync(args, source);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`src/synth/args.ts:${source.split('\n').length + 1}:6:`);
    expect(run.stderr).toContain("building the synth bundle failed: esbuild's errors are above");
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(path.join(dir, '.cache')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('npx cdk8s synth', () => {
  it('runs the same command as npm run synth, into the same folder', () => {
    const project = load(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(project.app).toBe(pkg.scripts.synth);
    expect(project.output).toBe('dist');
  });
});
