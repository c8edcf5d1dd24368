/**
 * Which `keda_*` series the rendered ScaledObjects produce, and which alert matchers select
 * none of them. KEDA 2.19 labels its metrics with `namespace`, `scaledObject` and `scaler`, the
 * trigger's `name` when set, else the scaler's Go type (kedacore/keda
 * pkg/scaling/scale_handler.go@v2.19.0; `prometheus` -> `prometheusScaler`, `cron` -> `cronScaler`).
 */
export interface KedaSeries {
  readonly namespace: string;
  readonly scaledObject: string;
  readonly scaler: string;
}

interface ScaledObjectDoc {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly triggers: readonly { readonly type: string; readonly name?: string }[] };
}

export function kedaSeries(docs: readonly Record<string, unknown>[]): KedaSeries[] {
  return (docs as unknown as ScaledObjectDoc[])
    .filter((d) => d.kind === 'ScaledObject')
    .flatMap((d) => d.spec.triggers.map((t) => ({ namespace: d.metadata.namespace, scaledObject: d.metadata.name, scaler: t.name ?? `${t.type}Scaler` })));
}

const SELECTOR = /(keda_[a-z_]+)\{([^}]*)\}/g;
const MATCHER = /([a-zA-Z_]+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;

/** A PromQL double-quoted string's content, unescaped (only `\\` and `\"` occur here). */
const unquote = (s: string) => s.replace(/\\(["\\])/g, '$1');

function matches(op: string, want: string, got: string): boolean {
  const re = new RegExp(`^(?:${want})$`);
  return op === '=' ? got === want : op === '!=' ? got !== want : op === '=~' ? re.test(got) : !re.test(got);
}

/** Every `keda_*{...}` selector in `expr` that no rendered series satisfies. */
export function deadKedaSelectors(expr: string, series: readonly KedaSeries[]): string[] {
  return [...expr.matchAll(SELECTOR)].flatMap(([selector, , body]) => {
    const matchers = [...body.matchAll(MATCHER)].map(([, label, op, value]) => ({ label, op, value: unquote(value) }));
    const known = matchers.filter((m) => ['namespace', 'scaledObject', 'scaler'].includes(m.label));
    const alive = series.some((s) => known.every((m) => matches(m.op, m.value, s[m.label as keyof KedaSeries])));
    return alive ? [] : [selector];
  });
}
