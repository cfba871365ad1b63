/** The mbx library surface: load and validate specs, client profiles, errors and logging. */
export { loadSpecFile, loadSpecText, type LoadOptions, type SpecResult } from './spec/load.js';
export type { Diagnostic, Severity } from './spec/diagnostics.js';
export type * from './spec/types.js';
export { PROFILES, PROFILE_IDS, getProfile } from './profiles/index.js';
export type * from './profiles/types.js';
export { ERROR_CODES, MbxError, UsageError, FileError, isMbxError, type ErrorCode } from './errors.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logging.js';
