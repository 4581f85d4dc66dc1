import { describeRuntimeFixtures } from '../helpers/runtime-fixtures.js';

describeRuntimeFixtures('named-volume-not-directory');
