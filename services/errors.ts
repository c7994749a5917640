/**
 * Typed errors of the domain and the store. Each carries a stable `code` so that the bot can pick
 * the right catalog message without parsing English text.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A conditional write lost: the record changed (ETag mismatch) or already exists. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class NotFoundError extends DomainError {
  readonly code = 'notFound';
}

/** An action that the lifecycle table does not allow from the record's current state. */
export class IllegalTransitionError extends DomainError {
  readonly code = 'illegalTransition';
  constructor(
    readonly action: string,
    readonly from: string,
  ) {
    super(`Action "${action}" is not allowed from "${from}"`);
  }
}

/** Input that failed validation; `problems` are field-level messages a person can act on. */
export class ValidationError extends DomainError {
  readonly code = 'validation';
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}
