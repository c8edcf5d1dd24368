/**
 * The pinned Go tools the cluster checks run: built from their Go modules (go.mod/go.sum in
 * this folder and its `kyverno/` and `helm/` sub-modules) into a per-user cache, once per
 * pinned version. A clone never commits binaries, and a machine without Go gets a clear error
 * naming what to install, never a silent pass.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const MODULES = path.resolve(__dirname);

/** A Go main package, built from one of the pinned modules. */
interface GoTool {
  /** Module folder relative to src/tools/cluster. */
  readonly module: string;
  /** Import path of the main package (or `./dir` inside the module). */
  readonly pkg: string;
  /** Rough first-build time on a 2-core machine, shown while building. */
  readonly firstBuild: string;
}

export const GO_TOOLS = {
  'kube-apiserver': { module: '.', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver', firstBuild: 'about 10 min' },
  etcd: { module: '.', pkg: 'go.etcd.io/etcd/server/v3', firstBuild: 'about 1 min' },
  apply: { module: '.', pkg: './apply', firstBuild: 'about 1 min' },
  kyverno: { module: 'kyverno', pkg: 'github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno', firstBuild: 'about 12 min' },
  helm: { module: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm', firstBuild: 'about 3 min' },
} as const satisfies Record<string, GoTool>;

export type GoToolName = keyof typeof GO_TOOLS;

/** Thrown when a tool cannot be built here; the message names the command that fixes it. */
export class ToolUnavailable extends Error {}

/** Where built tools live: `$GPU_PLATFORM_TOOLS`, or `~/.cache/gpu-inference-platform/tools`. */
export function toolsDir(): string {
  return process.env.GPU_PLATFORM_TOOLS ?? path.join(os.homedir(), '.cache', 'gpu-inference-platform', 'tools');
}

/** Content hash of what pins a tool: its module's go.mod and go.sum, and local sources. */
function pinHash(tool: GoTool): string {
  const dir = path.join(MODULES, tool.module);
  const h = createHash('sha256');
  const files = ['go.mod', 'go.sum', ...(tool.pkg.startsWith('./') ? [path.join(tool.pkg, 'main.go')] : [])];
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

function goVersion(): string {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new ToolUnavailable(
      'Go is not installed, so the pinned kube-apiserver, etcd, Kyverno CLI and Helm cannot be built.\n' +
        'Install Go >= 1.25 (https://go.dev/doc/install; CI: .ci/run), then run `npm run check:cluster` again.',
    );
  }
}

/** Where the binary of this pin lives (built or not): `<tools dir>/<name>-<pin hash>`. */
export function toolPath(name: GoToolName): string {
  return path.join(toolsDir(), `${name}-${pinHash(GO_TOOLS[name])}`);
}

/** Path of a built tool, building it first when this pin has not been built on this machine. */
export function goTool(name: GoToolName): string {
  const tool: GoTool = GO_TOOLS[name];
  const bin = toolPath(name);
  if (fs.existsSync(bin)) return bin;
  console.error(`building ${name} from its pinned Go module (${goVersion()}; first build ${tool.firstBuild}, then cached in ${toolsDir()})`);
  fs.mkdirSync(toolsDir(), { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  execFileSync('go', ['build', '-ldflags=-s -w', '-o', tmp, tool.pkg], {
    cwd: path.join(MODULES, tool.module),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
  });
  fs.renameSync(tmp, bin);
  return bin;
}
