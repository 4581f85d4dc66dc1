import { describeRuntimeFixtures } from '../helpers/runtime-fixtures.js';

describeRuntimeFixtures('volumes-from-data-container');
