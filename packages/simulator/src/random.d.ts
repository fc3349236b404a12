/**
 * A small seeded generator (mulberry32) so that fault injection is reproducible: the same seed
 * makes the same drop / duplicate / reorder / throttle decisions in the same order.
 */
export declare function seededRandom(seed: number): () => number;
/**
 * A seed for one named stream under a run's seed (FNV-1a over the name, mixed with the seed), so
 * each call draws its own reproducible sequence however calls interleave.
 */
export declare function streamSeed(seed: number, name: string): number;
