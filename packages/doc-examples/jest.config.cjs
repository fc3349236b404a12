module.exports = { ...require('../../jest.preset.cjs'), displayName: 'doc-examples', rootDir: __dirname };
