import type { z } from 'zod';
import { ValidationError } from '../errors';

/** A zod failure as the domain's ValidationError: one problem per issue, its path dotted. */
export function validationErrorOf(error: z.ZodError): ValidationError {
  return new ValidationError(error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorOf(result.error);
  return result.data;
}
