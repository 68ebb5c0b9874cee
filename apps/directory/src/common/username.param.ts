import { Param, PipeTransform } from '@nestjs/common';
import { ErrorCode, USERNAME_PATTERN, USERNAME_RULE } from '@lab/protocol';
import { ApiError } from './api-error';

class UsernamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !USERNAME_PATTERN.test(value)) {
      throw new ApiError(
        400,
        ErrorCode.ValidationFailed,
        `"${String(value).slice(0, 40)}" is not a username: ${USERNAME_RULE}.`,
      );
    }
    return value;
  }
}

/** A `:username` route parameter, checked against the username rule. */
export const UsernameParam = () => Param('username', new UsernamePipe());
