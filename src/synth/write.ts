import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces each owned directory (e.g. `dist/dev`) with exactly the given files, all or nothing:
 * everything is written to staging directories first, then swapped in by rename. Files under
 * an owned directory that are not in `files` disappear (deleted charts leave no stale YAML).
 * A directory that already holds exactly these files is left alone: writing is most of a
 * synth's time at scale, and most synths change one environment or none.
 */
export function writeAtomically(outdir: string, ownedDirs: readonly string[], files: ReadonlyMap<string, string>): void {
  const outside = [...files.keys()].find((rel) => !ownedDirs.some((d) => rel.startsWith(`${d}/`)));
  if (outside) throw new Error(`${outside} is outside the directories this synth owns (${ownedDirs.join(', ')})`);
  const changed = ownedDirs.filter((dir) => !holdsExactly(path.join(outdir, dir), filesUnder(dir, files)));
  writeDirs(outdir, changed, files);
}

/** The files of `files` under `dir`, keyed by their path inside it. */
function filesUnder(dir: string, files: ReadonlyMap<string, string>): Map<string, string> {
  const prefix = `${dir}/`;
  return new Map([...files].filter(([rel]) => rel.startsWith(prefix)).map(([rel, content]) => [rel.slice(prefix.length), content]));
}

/** Whether `abs` holds these files with this content, and nothing else. */
function holdsExactly(abs: string, expected: ReadonlyMap<string, string>): boolean {
  if (!fs.existsSync(abs)) return false;
  const onDisk = fs.readdirSync(abs, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory());
  if (onDisk.length !== expected.size) return false;
  return onDisk.every((e) => {
    // parentPath starts with abs: slicing is what path.relative would return, without its cost
    // per file (a fifth of this check).
    const rel = e.parentPath === abs ? e.name : `${e.parentPath.slice(abs.length + 1)}${path.sep}${e.name}`;
    const want = expected.get(path.sep === '/' ? rel : rel.split(path.sep).join('/'));
    return e.isFile() && want !== undefined && fs.readFileSync(`${e.parentPath}${path.sep}${e.name}`, 'utf8') === want;
  });
}

function writeDirs(outdir: string, ownedDirs: readonly string[], files: ReadonlyMap<string, string>): void {
  const staged: { final: string; staging: string }[] = [];
  try {
    for (const dir of ownedDirs) {
      const final = path.join(outdir, dir);
      const staging = `${path.join(path.dirname(final), '.staging-' + path.basename(final))}-${process.pid}`;
      fs.rmSync(staging, { recursive: true, force: true });
      fs.mkdirSync(staging, { recursive: true });
      staged.push({ final, staging });
    }
    for (const [rel, content] of files) {
      const owner = ownedDirs.findIndex((d) => rel.startsWith(`${d}/`));
      if (owner < 0) continue; // an unchanged directory
      const target = path.join(staged[owner].staging, rel.slice(ownedDirs[owner].length + 1));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.staging, { recursive: true, force: true });
    throw e;
  }
  for (const { final, staging } of staged) {
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(staging, final);
  }
}

/** Removes `<outdir>/<top>/<name>` directories of environments that no longer exist. */
export function pruneEnvironments(outdir: string, tops: readonly string[], keep: readonly string[]): void {
  for (const top of tops) {
    const dir = path.join(outdir, top);
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith('.') && !keep.includes(e.name)) fs.rmSync(path.join(dir, e.name), { recursive: true });
    }
  }
}
