import { expect, it } from 'vitest';
import { z } from 'zod';
import { RunView } from '../../src/http/entry/cli/ferry-api.ts';
import { RunViewSchema } from '../../src/http/routes/runs.schemas.ts';

// The CLI keeps its own copy of the run's shape (see ferry-api.ts for why); the compiler holds the types equal, and
// this holds the constraints equal too (integers, enums, nullability).
it('checks runs against exactly the shape the service declares', () => {
  expect(z.toJSONSchema(RunView)).toEqual(z.toJSONSchema(RunViewSchema));
});
