/**
 * Server errors with MongoDB's codes and code names. Drivers and mongoose branch on
 * `code` (11000, 26, 48, 43, ...) and print `codeName`, so both are always sent.
 */
import type { Doc } from './bson/values';

export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  AuthenticationFailed: 18,
  FailedToParse: 9,
  Unauthorized: 13,
  ProtocolError: 17,
  TypeMismatch: 14,
  Overflow: 15,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  AmbiguousIndexKeyPattern: 358,
  OperationFailed: 96,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  InvalidPipelineOperator: 168,
  CannotIndexParallelArrays: 171,
  InvalidIndexSpecificationOption: 197,
  MechanismUnavailable: 334,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

/** Codes without a name in the server's error_codes.yml are reported as `Location<code>`. */
export function codeName(code: number): string {
  return NAMES[code] ?? `Location${code}`;
}

export class MongoServerError extends Error {
  readonly code: number;
  /** Extra fields appended to the error reply (`keyPattern`, `keyValue`, `errInfo`, ...). */
  readonly extra: Doc | undefined;

  constructor(code: number, message: string, extra?: Doc) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    this.extra = extra;
  }

  get codeName(): string {
    return codeName(this.code);
  }

  /** The reply document for a failed command. */
  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The entry of a `writeErrors` array (the server sends no codeName there). */
  toWriteError(index: number): Doc {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export function badValue(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.BadValue, message);
}

export function failedToParse(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.FailedToParse, message);
}

export function typeMismatch(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.TypeMismatch, message);
}
