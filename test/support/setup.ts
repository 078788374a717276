import fc from 'fast-check';

/**
 * Property tests run with a fixed seed, so CI is repeatable and a failure reproduces; set
 * `FUPAN_FC_SEED=random` (or a number) to explore other inputs locally.
 */
const given = process.env.FUPAN_FC_SEED;
const seed = given === 'random' ? Date.now() : given ? Number(given) : 20_161_001;
fc.configureGlobal({ seed });
if (given === 'random') console.log(`fast-check seed ${seed}`);
