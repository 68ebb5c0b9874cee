/**
 * Every error the lab's services send, over HTTP or WebSocket, carries one of these codes,
 * a human sentence and (over HTTP) the request id.
 */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  MalformedJson: 'malformed_json',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RouteNotFound: 'route_not_found',
  Unauthorized: 'unauthorized',
  InvalidCredentials: 'invalid_credentials',
  /** Vulnerable login only: "no such user" differs from "wrong password" (L4). */
  UnknownUser: 'unknown_user',
  UsernameTaken: 'username_taken',
  UserNotFound: 'user_not_found',
  ContactRequestNotFound: 'contact_request_not_found',
  ContactNotFound: 'contact_not_found',
  AlreadyContacts: 'already_contacts',
  CannotContactSelf: 'cannot_contact_self',
  RateLimited: 'rate_limited',
  /** M4: an account holds as many accepted-but-unconnected relay allocations as the relay allows. */
  RelayQuotaExceeded: 'relay_quota_exceeded',
  CalleeOffline: 'callee_offline',
  /** M5: offline, missing and unreachable callees all get this one answer. */
  CalleeUnavailable: 'callee_unavailable',
  CallNotFound: 'call_not_found',
  CallStateConflict: 'call_state_conflict',
  MalformedMessage: 'malformed_message',
  BinaryNotSupported: 'binary_not_supported',
  UnknownEvent: 'unknown_event',
  /** The lab orchestrator's own API. */
  LabDirectoryNotFound: 'lab_directory_not_found',
  PersonaNotFound: 'persona_not_found',
  TooManyDirectories: 'too_many_directories',
  /** A clock change the lab cannot make: a jump into the past, a speed out of range. */
  ClockChangeRefused: 'clock_change_refused',
  /** The ISP registry (RDAP) and the ISPs' lease logs. */
  AddressOutsideLab: 'address_outside_lab',
  AutnumNotFound: 'autnum_not_found',
  IspNotFound: 'isp_not_found',
  AddressNotInIsp: 'address_not_in_isp',
  LawfulRequestRequired: 'lawful_request_required',
  LawfulRequestRefused: 'lawful_request_refused',
  /** Behind carrier-grade NAT an address and a time are not enough: the source port is needed too. */
  PortRequired: 'port_required',
  /** The ISPs' support desks: a call that does not exist (or was forgotten), or has ended. */
  DeskCallNotFound: 'desk_call_not_found',
  DeskCallEnded: 'desk_call_ended',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The JSON body of every HTTP error. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  requestId?: string;
  /** Field-level problems, for validation errors. */
  details?: string[];
}
