import { describeCorpusShard } from './corpus-check.js';

describeCorpusShard(1, 2);
