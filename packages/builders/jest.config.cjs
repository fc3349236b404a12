module.exports = { ...require('../../jest.preset.cjs'), displayName: 'builders', rootDir: __dirname };
