/**
 * Parsers for action inputs, one per input type, so each action reads its inputs once into a typed settings
 * object before doing anything. Inputs come from `INPUT_<NAME>` as the runner sets them.
 */
import * as runner from "./runner.js";
import { InputError } from "../core/errors.js";

/** A string input; empty means absent. */
export function optionalInput(name: string): string | undefined {
  const value = runner.getInput(name).trim();
  return value === "" ? undefined : value;
}

/** A required string input. */
export function requiredInput(name: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new InputError(`input "${name}" is required: set it in the step's \`with:\``);
  return value;
}

/** A boolean input: true/false (YAML 1.2 core schema spellings), default when empty. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const value = optionalInput(name);
  if (value === undefined) return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input "${name}" is "${value}": give true or false`);
}

/** One of a fixed set of values. */
export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const value = optionalInput(name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new InputError(`input "${name}" is "${value}": give one of ${choices.join(", ")}`);
  return value as T;
}

/** A list input: one item per line or comma-separated. */
export function listInput(name: string): string[] {
  const value = optionalInput(name);
  if (value === undefined) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
