import { describeCorpusShard } from './corpus-check.js';

describeCorpusShard(0, 2);
