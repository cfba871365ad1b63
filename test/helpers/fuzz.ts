/**
 * Property tests run with a fixed seed so CI is deterministic; set MBX_FUZZ_SEED to explore new
 * inputs (for example MBX_FUZZ_SEED=$RANDOM npm run test:fast). A failure prints its seed and
 * counterexample; fix it and add the input to the test that found it.
 */
export const FUZZ_SEED = Number(process.env.MBX_FUZZ_SEED ?? 20261122);
