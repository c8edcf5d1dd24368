/**
 * The whole path of `npm run render-charts` on a chart this test writes: Helm renders it as Argo
 * CD would, and the objects go through the real API server, Pod Security admission and the
 * Kyverno CLI. A fixture project root holds one restricted namespace, one Enforce policy and
 * one Helm Application, so the expected findings depend on nothing in the sample environments.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEnvironment } from '../../../src/tools/cluster/check';
import { scratchDir, startEtcd } from '../../../src/tools/cluster/control-plane';
import { renderCharts } from '../../../src/tools/render-charts';
import { ROOT } from '../../support/rendered';

const ENV = 'fixture';
const APP = 'demo';

function write(file: string, content: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : dump(content));
}

const appSet = (name: string, wave: number, elements: object[]) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
  spec: { generators: [{ list: { elements } }], template: { metadata: { name: '{{.name}}' }, spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' } } } },
});

/** A project root with the layout synth writes (argocd/<env>, dist/<env>), reduced to one app of each kind. */
function fixtureRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-charts-'));
  fs.mkdirSync(path.join(root, 'imports'));
  fs.symlinkSync(path.join(ROOT, 'imports', 'crds'), path.join(root, 'imports', 'crds'));
  fs.copyFileSync(path.join(ROOT, 'imports', 'served-apis.json'), path.join(root, 'imports', 'served-apis.json'));
  write(path.join(root, 'argocd', ENV, 'root-app.yaml'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'root', namespace: 'argocd' } });
  write(path.join(root, 'argocd', ENV, 'apps', 'applicationset.argocd.security.yaml'), appSet('security', 0, [{ name: 'base', path: `dist/${ENV}/base` }]));
  write(path.join(root, 'argocd', ENV, 'apps', 'applicationset.argocd.helm.yaml'), appSet('helm', 1, [{ name: APP, chart: APP, repoURL: 'https://charts.example.com', version: '0.1.0', releaseName: APP, namespace: APP, valuesFile: `$values/dist/${ENV}/${APP}/values.yaml` }]));
  write(path.join(root, 'dist', ENV, 'base', 'namespace.demo.yaml'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: APP, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
  write(path.join(root, 'dist', ENV, 'base', 'clusterpolicy.no-latest.yaml'), {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'no-latest' },
    spec: { rules: [{ name: 'no-latest', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { failureAction: 'Enforce', message: 'no latest', pattern: { spec: { containers: [{ image: '!*:latest' }] } } } }] },
  });
  write(path.join(root, 'dist', ENV, APP, 'values.yaml'), { image: 'registry.example.com/demo:latest', secure: false });
  return root;
}

/** A chart with one Deployment whose security context and image come from values. */
function fixtureChart(root: string): string {
  const dir = path.join(root, 'chart');
  write(path.join(dir, 'Chart.yaml'), { apiVersion: 'v2', name: APP, version: '0.1.0' });
  write(path.join(dir, 'values.yaml'), { image: 'registry.example.com/demo:1.0', secure: true });
  write(path.join(dir, 'templates', 'deployment.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  selector: {matchLabels: {app: demo}}
  template:
    metadata: {labels: {app: demo}}
    spec:
      containers:
        - name: demo
          image: {{ .Values.image }}
          {{- if .Values.secure }}
          securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}
          {{- end }}
`);
  return dir;
}

describe('render-charts on a chart the test creates', () => {
  let root: string;
  let work: string;
  let etcd: Awaited<ReturnType<typeof startEtcd>>;
  beforeAll(async () => {
    root = fixtureRoot();
    work = scratchDir();
    etcd = await startEtcd(work);
  });
  afterAll(async () => {
    await etcd?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const check = (charts: ReturnType<typeof renderCharts>) => checkEnvironment({ root, env: ENV, charts, etcd: etcd.url, serviceCidr: '10.96.0.0/16', workDir: work });

  it('reports the rendered pod Pod Security refuses and the :latest image the Enforce policy refuses', async () => {
    const charts = renderCharts(root, ENV, new Map([[APP, fixtureChart(root)]]));
    expect(fs.existsSync(path.join(root, '.cache', 'rendered-charts', ENV, `${APP}.yaml`))).toBe(true);
    const result = await check(charts);
    expect(result.findings.map((f) => f.id)).toEqual([
      `helm ${APP}: Deployment ${APP} -> Pod ${APP}/deployment-${APP} (dry run)`,
      `kyverno no-latest/no-latest: Pod ${APP}/deployment-${APP}`,
    ]);
    expect(result.findings[0].message).toContain('violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false');
  });

  it('admits the same chart once its values are fixed', async () => {
    write(path.join(root, 'dist', ENV, APP, 'values.yaml'), { image: 'registry.example.com/demo:1.0', secure: true });
    const result = await check(renderCharts(root, ENV, new Map([[APP, fixtureChart(root)]])));
    expect(result.findings).toEqual([]);
    expect(result.pods).toBe(1);
    expect(result.enforcePolicies).toBe(1);
  });
});
