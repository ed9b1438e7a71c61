// The type of validate-config.js, which `npm run docs` generates from the schema (ajv standalone code).
import type { ValidateFunction } from "ajv";

/** Validates a parsed release-kit.yml, filling defaults in place; `validate.errors` holds ajv's errors. */
export declare const validate: ValidateFunction;
export default validate;
