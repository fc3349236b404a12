// Property tests draw from one fixed seed, so a run's outcome never depends on the draw; set FC_SEED to
// explore other inputs (a failure prints the seed and path that reproduce it).
const fc = require('fast-check');

/** The settings every property test runs with (also read by processes jest does not set up, e.g. the no-codegen run). */
const settings = { seed: Number(process.env.FC_SEED ?? 20261206) };
fc.configureGlobal(settings);
module.exports = { settings };
