/** `npm run diff`: what a change to the rendered output will do, per environment and Application. */
export { budgetHeadline, headlineFigures, type BudgetHeadline, type HeadlineFigure } from './budget';
export { diffOutputs, RENAME_SIMILARITY, type ApplicationDiff, type ChartBump, type DiffReport, type EnvironmentDiff, type ObjectChange, type RiskItem } from './diff';
export { abbreviate, fieldChanges, MAX_VALUE_CHARS, type FieldChange } from './fields';
export { drainPace, maxNodes, nodeClassDrift, nodePoolDrift } from './karpenter';
export { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, diffMarkdown, type MarkdownOptions } from './markdown';
export { BOOTSTRAP_APP, snapshotOf } from './objects';
export type { ChangeType, Consequence, Risk, RuleId } from './rules';
export { DIFF_ROOTS, defaultBase, gitTree, workTree, type FileMap, type OutputTree } from './tree';
