/**
 * A throwaway Kubernetes control plane: etcd plus the real kube-apiserver at the pinned minor,
 * on loopback, with the admission plugins an API server enables by default (Pod Security,
 * LimitRanger, ResourceQuota, ServiceAccount, Priority, ...). No controller manager and no
 * scheduler run, so applied objects are stored and admitted, never acted upon.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { goTool } from './toolchain';

/** A running API server the apply helper can talk to. */
export interface ApiServer {
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function run(bin: string, args: readonly string[], log: string): ChildProcess {
  const out = fs.openSync(log, 'w');
  return spawn(bin, args, { stdio: ['ignore', out, out] });
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

async function until(what: string, log: string, child: ChildProcess, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s; log: ${log}`);
}

function httpsOk(url: string, ca: Buffer, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    https.get(url, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

/** etcd on loopback with a temporary data dir; one etcd serves every API server of a run. */
export async function startEtcd(workDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const log = path.join(workDir, 'etcd.log');
  const p = run(goTool('etcd'), [
    `--data-dir=${path.join(workDir, 'etcd')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=default=http://127.0.0.1:${peer}`,
    // A scratch store: durability buys nothing here and fsync costs seconds.
    '--unsafe-no-fsync',
  ], log);
  await until('etcd', log, p, async () => {
    const res = await fetch(`${url}/health`);
    return res.ok;
  });
  return { url, stop: () => stopProcess(p) };
}

function writeServiceAccountKeys(dir: string): { pub: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = path.join(dir, 'sa.pub');
  const key = path.join(dir, 'sa.key');
  fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { pub, key };
}

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  /** etcd client URL. */
  readonly etcd: string;
  /** Key prefix in etcd: one per environment, so environments never see each other's objects. */
  readonly etcdPrefix: string;
  /** The cluster's service CIDR (Services with a clusterIP are checked against it). */
  readonly serviceCidr: string;
  readonly workDir: string;
}

/**
 * Starts kube-apiserver and waits for /readyz. The client authenticates with a random static
 * token in `system:masters` (anonymous requests are refused with the AlwaysAllow authorizer).
 */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const dir = fs.mkdtempSync(path.join(o.workDir, 'apiserver-'));
  const port = await freePort();
  const sa = writeServiceAccountKeys(dir);
  const token = randomBytes(24).toString('hex');
  fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},check-admin,check-admin,"system:masters"\n`);
  const log = path.join(dir, 'kube-apiserver.log');
  const p = run(goTool('kube-apiserver'), [
    `--etcd-servers=${o.etcd}`,
    `--etcd-prefix=${o.etcdPrefix}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The `kubernetes` Service's endpoints may not be loopback: no reconciler, nothing dials it.
    '--endpoint-reconciler-type=none',
    `--secure-port=${port}`,
    `--cert-dir=${dir}`,
    `--service-cluster-ip-range=${o.serviceCidr}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${sa.pub}`,
    `--service-account-signing-key-file=${sa.key}`,
    `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    // EKS runs privileged pods (the node agents): the API server must allow them at all.
    '--allow-privileged=true',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
  ], log);
  const crt = path.join(dir, 'apiserver.crt');
  const server = `https://127.0.0.1:${port}`;
  await until('kube-apiserver', log, p, async () => fs.existsSync(crt) && httpsOk(`${server}/readyz`, fs.readFileSync(crt), token), 120_000);
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'check', cluster: { server, 'certificate-authority': crt } }],
      users: [{ name: 'check-admin', user: { token } }],
      contexts: [{ name: 'check', context: { cluster: 'check', user: 'check-admin' } }],
      'current-context': 'check',
    }),
  );
  return { kubeconfig, stop: () => stopProcess(p) };
}

/** A scratch directory for one run. */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'check-cluster-'));
}
