// autocannon's worker loads this to give every request the next token of a pool larger than the
// verifier's cache (1000), cycled in order, so each request's token is one the verifier has not
// cached: a cold verification every time. The pool is a JSON array in the file named by
// BENCH_COLD_TOKENS; each load starts at BENCH_COLD_START, just past the tokens the previous load
// sent (the ones the verifier may still hold).
const { readFileSync } = require('node:fs');

const tokens = JSON.parse(readFileSync(process.env.BENCH_COLD_TOKENS, 'utf8'));
let next = Number(process.env.BENCH_COLD_START ?? 0) % tokens.length;

module.exports = function setupRequest(request) {
  const token = tokens[next];
  next = (next + 1) % tokens.length;
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
};
