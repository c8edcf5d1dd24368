import type { ConfigOf } from './schema/common';
import type * as s from './schema/platform';

/**
 * Platform guardrails and observability settings of one environment, inferred from the schema
 * (schema/platform.ts, where every field is documented).
 */

export type PolicyMode = ConfigOf<typeof s.policyMode>;
export type PlatformNetworkConfig = ConfigOf<typeof s.platformNetwork>;
export type PlatformSecretsConfig = ConfigOf<typeof s.platformSecrets>;
export type PlatformAlertsConfig = ConfigOf<typeof s.platformAlerts>;
export type PlatformDashboardConfig = ConfigOf<typeof s.platformDashboard>;
export type PlatformConfig = ConfigOf<typeof s.platform>;
