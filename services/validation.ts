import type { z } from 'zod';
import { ValidationError } from './errors';

/** Parses with a zod schema; a failure becomes a ValidationError naming each field (path) at fault. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}
