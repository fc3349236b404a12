// The repository's root folder, for the helpers that start its CLIs and scripts or read beside it.
// CommonJS on purpose: the helpers run as CommonJS under jest and as ES modules in the bench
// (tsx), and `__dirname` exists only in the one, `import.meta` only in the other.
module.exports = require('node:path').resolve(__dirname, '..');
