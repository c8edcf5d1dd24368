import { describeFieldCoverage } from './field-coverage';

describeFieldCoverage(1, 2);
