module.exports = { ...require('../../jest.preset.cjs'), displayName: 'app', rootDir: __dirname };
