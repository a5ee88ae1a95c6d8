// Integration tests talk to real servers: allow them time (the whole-year test takes ~10–20 s).
jest.setTimeout(120_000);
