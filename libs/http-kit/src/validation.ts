import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from '@lab/protocol';
import { ApiError } from './api-error';

/** Flattens class-validator's tree into sentences such as "username: must be a string". */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${prefix ? prefix + '.' : ''}${text}` : `${path}: ${text}`,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** Strict validation: unknown fields and wrong types are errors, not silently dropped or coerced. */
export function strictValidationPipe(
  toError: (details: string[]) => Error = httpValidationError,
): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => toError(describeValidationErrors(errors)),
  });
}

function httpValidationError(details: string[]): Error {
  return new ApiError(
    400,
    ErrorCode.ValidationFailed,
    `The request is not valid: ${details.join('; ')}.`,
    details,
  );
}
