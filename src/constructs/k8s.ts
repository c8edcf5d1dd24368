/**
 * The Kubernetes API classes cdk8s-plus-30 generates (`cdk8s-plus-30/lib/imports/k8s`), for
 * objects cdk8s-plus has no construct for. Every file imports them from here: in the synth
 * bundle each `import * as` of a CommonJS module copies all of its exports (esbuild's
 * `__toESM`), 635 of them here, once per importing file; through this module they are copied once.
 */
export * from 'cdk8s-plus-30/lib/imports/k8s';
