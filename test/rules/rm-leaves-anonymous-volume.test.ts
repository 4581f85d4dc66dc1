import { describeRuntimeFixtures } from '../helpers/runtime-fixtures.js';

describeRuntimeFixtures('rm-leaves-anonymous-volume');
