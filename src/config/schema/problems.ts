import type { z } from 'zod';
import type { ConfigProblem } from '../errors';
import { environment } from './environment';

/** `a.b[0].c`: the path format of every ConfigProblem. */
function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), prefix);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}

const bound = (n: number | bigint, inclusive: boolean | undefined, word: string) => (inclusive ? `at ${word} ${n}` : `${word === 'least' ? 'above' : 'below'} ${n}`);

/**
 * Messages that say what is wrong and what to write instead; zod's defaults ("Invalid input")
 * name neither the value nor the fix. Schemas with their own message keep it.
 */
function message(iss: z.core.$ZodRawIssue): string | undefined {
  const got = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      if (got === undefined) return `required: add ${iss.expected === 'int' ? 'a whole number' : `a ${iss.expected}`}`;
      if (iss.expected === 'int' && typeof got === 'number' && Number.isFinite(got)) return `${got} must be a whole number`;
      if (typeof got === 'number' && !Number.isFinite(got)) return `${got} is not a usable number; write a finite number`;
      if (typeof got === 'string' && (iss.expected === 'number' || iss.expected === 'int')) return `${show(got)} is a string; write the number without quotes`;
      return `${show(got)} must be a ${iss.expected}`;
    case 'too_small':
      return iss.origin === 'string' ? 'must not be empty' : `${show(got)} must be ${bound(iss.minimum, iss.inclusive, 'least')}`;
    case 'too_big':
      return `${show(got)} must be ${bound(iss.maximum, iss.inclusive, 'most')}`;
    case 'invalid_value':
      return `${show(got)} is not one of ${iss.values.map((v) => show(v)).join(', ')}`;
    default:
      return undefined;
  }
}

/** A refused record key carries the key schema's own issue; report its message at the key. */
function toProblem(prefix: string, iss: z.core.$ZodIssue): ConfigProblem {
  const path = formatPath(prefix, iss.path);
  if (iss.code === 'invalid_key') return { path, message: iss.issues[0]?.message ?? iss.message };
  // One misspelled key is reported at the key; several at their object, in one message.
  if (iss.code === 'unrecognized_keys' && iss.keys.length === 1) return { path: `${path}.${iss.keys[0]}`, message: iss.message };
  return { path, message: iss.message };
}

/**
 * Every shape problem of one environment (unknown keys, wrong types, out-of-range numbers,
 * invalid names), all at once, with `<prefix>.<path>` paths. Empty when the shape is valid.
 */
export function shapeProblems(env: unknown, prefix: string): ConfigProblem[] {
  // jitless: synth parses each environment once per process, and zod's compiled fast path
  // (code generated per object schema on first use) costs more to build than it ever saves.
  const result = environment.safeParse(env, { error: message, jitless: true });
  return result.success ? [] : result.error.issues.map((iss) => toProblem(prefix, iss));
}
