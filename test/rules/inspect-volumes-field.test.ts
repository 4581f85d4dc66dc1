import { describeRuntimeFixtures } from '../helpers/runtime-fixtures.js';

describeRuntimeFixtures('inspect-volumes-field');
