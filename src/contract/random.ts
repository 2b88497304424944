import { mulberry32 } from '../domain/random.js';

/** The suite's seeded generator (the platform's own), so --seed reproduces every generated value. */
export const seededRandom: (seed: number) => () => number = mulberry32;
