import { describeFieldCoverage } from './field-coverage';

describeFieldCoverage(0, 2);
