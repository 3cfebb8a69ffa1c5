import Ajv from 'ajv';
import type { MetadataStorage as TransformerMetadataStorage } from 'class-transformer/types/MetadataStorage';
import {
  ARRAY_MAX_SIZE, ARRAY_MIN_SIZE, ARRAY_NOT_EMPTY, ARRAY_UNIQUE, getMetadataStorage, IS_ARRAY, IS_BOOLEAN, IS_IN, IS_INT, IS_ISO8601, IS_LENGTH,
  IS_NUMBER, IS_OPTIONAL, IS_STRING, isISO8601, MATCHES, MAX, MAX_LENGTH, MIN, MIN_LENGTH, ValidationTypes,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

/**
 * Request DTO classes as JSON Schemas compiled once (DESIGN.md "Runtime"): the validation pipe's
 * fast accept path. The schema is derived from the class-validator metadata by
 * class-validator-jsonschema, but only from the decorators of the allow-list below, each converted
 * to a fragment that accepts no value the decorator refuses. A class with any other decorator (in
 * itself or in a nested class) has no fast path: its values always go through class-validator.
 *
 * The schema is applied to the instance class-transformer builds, which is what class-validator
 * validates, so `@Transform`s (e.g. a trim) are behind it as they are behind class-validator.
 */

type Schema = Record<string, unknown>;

// The package ships no declarations for this entry point; its types are those of the class.
const transformerMetadata = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadataStorage }).defaultMetadataStorage;

/** Why a class gets no fast path. */
class NoFastPath extends Error {}

/**
 * validator.js (class-validator's Length, MinLength, MaxLength) counts a surrogate pair as one
 * character, as ajv does, but does not count a variation selector (U+FE0E, U+FE0F) that follows
 * another character: "❤️" is 1 for it and 2 for ajv. ajv's count is never lower, so its maxLength
 * is at least as strict; a minimum is only exact on strings without those selectors.
 */
const VARIATION_SELECTOR = '[\\uFE0E\\uFE0F]';

function count(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new NoFastPath(`length ${String(value)} is not a count`);
  return value as number;
}

function finite(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new NoFastPath(`bound ${String(value)} is not a finite number`);
  return value;
}

function lengths(min: unknown, max: unknown): Schema {
  const fragment: Schema = { type: 'string' };
  if (min !== undefined && count(min) > 0) Object.assign(fragment, { minLength: min, not: { pattern: VARIATION_SELECTOR } });
  if (max !== undefined) fragment.maxLength = count(max);
  return fragment;
}

const ajv = new Ajv({
  strict: true,
  messages: false,
  // Patterns as the DTOs' own RegExps run them (only flag-less ones are taken): without the u flag.
  unicodeRegExp: false,
});

/** ISO 8601 checked by the very function class-validator's IsISO8601 calls, with the same options. */
function iso8601Format(options: unknown): string {
  const name = `iso8601:${JSON.stringify(options ?? {})}`;
  if (!ajv.formats[name]) ajv.addFormat(name, { type: 'string', validate: (value: string) => isISO8601(value, options as object) });
  return name;
}

/**
 * The allow-list: class-validator rule name -> the fragment for its constraints. Each fragment
 * checks the type class-validator's check implies (ajv's number and integer also refuse NaN and
 * infinities, as IsNumber without allowNaN/allowInfinity and IsInt do).
 */
const RULES: Record<string, (constraints: unknown[]) => Schema> = {
  [IS_OPTIONAL]: () => ({}), // not required, and null accepted: see classSchema
  [IS_STRING]: () => ({ type: 'string' }),
  [IS_BOOLEAN]: () => ({ type: 'boolean' }),
  [IS_INT]: () => ({ type: 'integer' }),
  [IS_NUMBER]: ([options]) => {
    const { allowNaN, allowInfinity, maxDecimalPlaces } = (options ?? {}) as { allowNaN?: boolean; allowInfinity?: boolean; maxDecimalPlaces?: number };
    if (allowNaN || allowInfinity || maxDecimalPlaces !== undefined) throw new NoFastPath('isNumber with allowNaN, allowInfinity or maxDecimalPlaces');
    return { type: 'number' };
  },
  [MIN]: ([bound]) => ({ type: 'number', minimum: finite(bound) }),
  [MAX]: ([bound]) => ({ type: 'number', maximum: finite(bound) }),
  [IS_IN]: ([values]) => {
    // class-validator compares with ===, JSON Schema's enum by deep equality: the same on these.
    const primitive = (value: unknown) => typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!Array.isArray(values) || !values.every(primitive)) throw new NoFastPath('isIn with values other than strings, booleans and finite numbers');
    return { enum: values };
  },
  [MATCHES]: ([pattern, modifiers]) => {
    if (!(pattern instanceof RegExp) || pattern.flags !== '' || modifiers !== undefined) throw new NoFastPath('matches with flags or a pattern given as a string');
    return { type: 'string', pattern: pattern.source };
  },
  [IS_LENGTH]: ([min, max]) => lengths(min, max),
  [MIN_LENGTH]: ([min]) => lengths(min, undefined),
  [MAX_LENGTH]: ([max]) => lengths(undefined, max),
  [IS_ISO8601]: ([options]) => ({ type: 'string', format: iso8601Format(options) }),
  [IS_ARRAY]: () => ({ type: 'array' }),
  [ARRAY_NOT_EMPTY]: () => ({ type: 'array', minItems: 1 }),
  [ARRAY_MIN_SIZE]: ([size]) => ({ type: 'array', minItems: count(size) }),
  [ARRAY_MAX_SIZE]: ([size]) => ({ type: 'array', maxItems: count(size) }),
  [ARRAY_UNIQUE]: ([identifier]) => {
    // Without an identifier, class-validator's duplicates (a Set) are also duplicates for ajv.
    if (identifier !== undefined) throw new NoFastPath('arrayUnique with an identifier');
    return { type: 'array', uniqueItems: true };
  },
};

function ruleOf(meta: ValidationMetadata): string | undefined {
  const named = meta.type === ValidationTypes.CUSTOM_VALIDATION || meta.type === ValidationTypes.CONDITIONAL_VALIDATION;
  return named ? meta.name : meta.type;
}

const BUILT_IN_TYPES: unknown[] = [String, Number, Boolean, Date, Array, Object, Map, Set];

/** The class a @ValidateNested property is built as (its @Type), itself with a fast path. */
function nestedClass(meta: ValidationMetadata): Function {
  const type = transformerMetadata.findTypeMetadata(meta.target as Function, meta.propertyName);
  const nested = type && !type.options?.discriminator ? type.typeFunction() : undefined;
  if (typeof nested !== 'function' || BUILT_IN_TYPES.includes(nested)) throw new NoFastPath('@ValidateNested without a @Type(() => SomeDto) or with a discriminator');
  return nested;
}

function checkedMetadatas(dto: Function): ValidationMetadata[] {
  if (!dto.name) throw new NoFastPath('an anonymous class');
  // @Expose/@Exclude rename or drop properties between the body and the instance.
  if (transformerMetadata.getExposedMetadatas(dto).length > 0 || transformerMetadata.getExcludedMetadatas(dto).length > 0) {
    throw new NoFastPath(`${dto.name}: @Expose or @Exclude`);
  }
  // The same metadatas class-validator uses for an instance of the class (with the pipe's options).
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  if (metas.length === 0) throw new NoFastPath(`${dto.name} has no validation rules`);
  // class-validator-jsonschema groups them by class name: two classes of one name would mix.
  const targets = new Set(metas.map((meta) => meta.target as Function));
  if (new Set([...targets].map((target) => target.name)).size !== targets.size) throw new NoFastPath(`${dto.name}: two classes named alike in its hierarchy`);
  for (const meta of metas) {
    const rule = ruleOf(meta);
    const where = `${dto.name}.${meta.propertyName}`;
    if (rule === undefined || (rule !== ValidationTypes.NESTED_VALIDATION && !(rule in RULES))) {
      throw new NoFastPath(`${where}: ${rule ?? meta.type} is not on the allow-list`);
    }
    if (meta.groups?.length || meta.always !== undefined) throw new NoFastPath(`${where}: validation groups or "always"`);
  }
  return metas;
}

/**
 * class-validator-jsonschema merges a property's fragments key by key (lodash.merge): Min's
 * `type: number` could overwrite IsInt's `type: integer`, a second Matches the first pattern.
 * So each fragment goes in under a key of its own, and becomes one member of an allOf here: a
 * property's schema is the conjunction of its decorators, as class-validator checks them.
 */
const FRAGMENT = 'x-rule-';
let fragments = 0;

function conjunction(node: Schema): Schema {
  const allOf: Schema[] = [];
  const rest: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith(FRAGMENT)) rest[key] = key === 'items' ? conjunction(value as Schema) : value;
    else if (Object.keys(value as Schema).length > 0) allOf.push(value as Schema);
  }
  return allOf.length > 0 ? { ...rest, allOf } : rest;
}

function classSchema(dto: Function, enclosing: Set<Function>): Schema {
  if (enclosing.has(dto)) throw new NoFastPath(`${dto.name} nests itself`);
  const metas = checkedMetadatas(dto);
  const within = new Set([...enclosing, dto]);
  const fragment = (convert: (meta: ValidationMetadata) => Schema) => (meta: ValidationMetadata) => {
    try {
      return { [`${FRAGMENT}${fragments++}`]: convert(meta) };
    } catch (error) {
      throw error instanceof NoFastPath ? new NoFastPath(`${dto.name}.${meta.propertyName}: ${error.message}`) : error;
    }
  };
  const converters = Object.fromEntries([
    ...Object.entries(RULES).map(([rule, convert]) => [rule, fragment((meta) => convert(meta.constraints ?? []))]),
    [ValidationTypes.CONDITIONAL_VALIDATION, fragment(() => ({}))],
    [ValidationTypes.NESTED_VALIDATION, fragment((meta) => classSchema(nestedClass(meta), within))],
  ]);
  const derived = targetConstructorToSchema(dto, { additionalConverters: converters }) as { properties?: Record<string, Schema>; required?: string[] };

  // class-validator's IsOptional skips every rule of the property on null as on undefined.
  const optional = new Set(metas.filter((meta) => ruleOf(meta) === IS_OPTIONAL).map((meta) => meta.propertyName));
  const properties = Object.fromEntries(
    Object.entries(derived.properties ?? {}).map(([name, node]) => [name, optional.has(name) ? { anyOf: [{ type: 'null' }, conjunction(node)] } : conjunction(node)]),
  );
  const required = derived.required ?? [];
  // Unknown fields are refused (forbidNonWhitelisted), at every level.
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

export interface FastPath {
  readonly schema: Schema;
  /** True when class-validator would accept the instance too; false says nothing. */
  readonly accepts: (instance: object) => boolean;
}

export type RequestSchema = FastPath | { readonly reason: string };

const compiled = new Map<Function, RequestSchema>();

/** The compiled schema of a DTO class, derived and compiled on first use; or why there is none. */
export function requestSchemaFor(dto: Function): RequestSchema {
  let found = compiled.get(dto);
  if (!found) {
    try {
      const schema = classSchema(dto, new Set());
      const validate = ajv.compile(schema);
      found = { schema, accepts: (instance) => validate(instance) as boolean };
    } catch (error) {
      found = { reason: error instanceof NoFastPath ? error.message : `no schema could be derived: ${String(error)}` };
    }
    compiled.set(dto, found);
  }
  return found;
}
