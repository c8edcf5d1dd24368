/** The budget report: numbers for tests and tools, Markdown for dist/<env>/budget.md. */
export { HOURS_PER_MONTH, budgetReport, type Basis, type BudgetReport, type NodeGroupCost, type PoolCeiling, type Term, type WorkloadBudget } from './budget';
export { dearestFleet, type Fleet, type PoolLimits } from './ceiling';
export { durationSeconds } from '../config/durations';
export { budgetMarkdown } from './markdown';
