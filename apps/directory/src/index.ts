// The directory as a library, for the lab orchestrator and the tests.
export { startDirectory } from './bootstrap';
export type { RunningDirectory } from './bootstrap';
export * from './config/directory.config';
export { IMPLEMENTED_MITIGATION_IDS, ALL_MITIGATIONS } from './mitigations';
export type { MitigationId } from './mitigations';
export { RELAY_MODES } from './mitigations';
export type { RelayMode } from './mitigations';
// Shared HTTP plumbing, so every lab service answers errors the same way.
export { ApiError } from './common/api-error';
export { HttpExceptionFilter, bodyParserErrors } from './common/http-exception.filter';
export { strictValidationPipe } from './common/validation';
