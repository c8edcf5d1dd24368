/** Public API: what tests and tools use. */
export { environments } from './config/environments';
export { validateEnvironment } from './config/validate';
export { ConfigError, type ConfigProblem } from './config/errors';
export type * from './config/types';
export { instanceTypes, pricing, type InstanceType } from './config/instances';
export { helmCharts, platformVersions } from './config/versions';
export { renderEnvironment, type RenderedFiles } from './synth/render';
export { budgetReport, type BudgetReport } from './report';
export { synthEnvironment, synthEnvironments, type SynthOptions } from './synth/synth';
