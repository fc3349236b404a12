module.exports = { ...require('../../jest.preset.cjs'), displayName: 'example-graph-js', rootDir: __dirname };
