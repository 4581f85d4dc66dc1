// The layer order of docs/architecture.md, checked by `npm run layers` (part of `npm test`): a folder imports only
// folders of lower layers. Layers are folders, so splitting a file inside one changes nothing here; a new folder
// under src/ must be given a layer before it can import anything.
/** Lowest first; folders on one line are peers and do not import each other. */
const LAYERS = [
  ['io'],
  ['text'],
  ['data'],
  ['model'],
  ['shell'],
  ['runtime'],
  ['compose'],
  ['scripts'],
  ['context'],
  ['registry'],
  ['analysis'],
  ['rule-api'],
  ['config'],
  ['engine'],
  ['fix'],
  ['rules'],
  ['report'],
  ['cli', 'lsp', 'eslint', 'index'],
];

/** The path pattern of a layer's folder: `rules/` sits at the top level, `index` is src/index.ts. */
function folder(name) {
  if (name === 'rules') return '^rules/';
  if (name === 'index') return '^src/index\\.ts$';
  return `^src/${name}/`;
}

const known = LAYERS.flat().map(folder);
const forbidden = [
  {
    name: 'no-circular',
    comment: 'Modules do not import each other in a cycle.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'folder-without-layer',
    comment: 'Every folder of src/ has a layer in .dependency-cruiser.cjs and docs/architecture.md.',
    severity: 'error',
    from: { path: '^src/', pathNot: known },
    to: {},
  },
];
LAYERS.forEach((layer, i) => {
  const higher = LAYERS.slice(i + 1).flat();
  for (const name of layer) {
    const peers = layer.filter((other) => other !== name);
    const above = [...higher, ...peers].map(folder);
    if (above.length === 0) continue;
    forbidden.push({
      name: `layer-${name}`,
      comment: `${name} is below ${[...higher, ...peers].join(', ')}: it does not import them (docs/architecture.md).`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: above },
    });
  }
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
