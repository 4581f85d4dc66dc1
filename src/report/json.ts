import type { Formatter } from './types.js';

/** ESLint's JSON shape; the source text is left out (it can be large), the fixed `output` is kept. */
export const format: Formatter = (results) =>
  JSON.stringify(results.map(({ source: _source, ...rest }) => rest)) + '\n';

export default format;
