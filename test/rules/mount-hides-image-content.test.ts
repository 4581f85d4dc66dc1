import { describeRuntimeFixtures } from '../helpers/runtime-fixtures.js';

describeRuntimeFixtures('mount-hides-image-content');
