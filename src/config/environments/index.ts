import type { EnvironmentConfig } from '../types';
import { dev } from './dev';
import { prod } from './prod';

/** Every environment, by name. Add one here to render it (see README "Add an environment"). */
export const environments: Readonly<Record<string, EnvironmentConfig>> = Object.freeze({ dev, prod });
