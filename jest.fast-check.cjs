// Property tests draw from one fixed seed, so a run's outcome never depends on the draw; set FC_SEED to
// explore other inputs (a failure prints the seed and path that reproduce it).
const fc = require('fast-check');

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261206) });
