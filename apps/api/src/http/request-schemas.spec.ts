import { ArgumentMetadata, Type as ClassType, ValidationPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { parseAppConfig } from '@ledger/infrastructure';
import { ApiModule } from '../api.module';
import { FastPath, requestSchemaFor } from './request-schemas';
import { CompiledValidationPipe, VALIDATION_PIPE_OPTIONS, ValidationFailed } from './validation';

type Schema = Record<string, unknown>;

/** Every DTO class a controller of the app takes as `@Body()` or `@Query()`, found from the routes. */
function routeDtos(paramtype: RouteParamtypes): Map<string, ClassType<unknown>> {
  const config = parseAppConfig({ NODE_ENV: 'test', TEST_CLOCK: 'enabled' });
  const dtos = new Map<string, ClassType<unknown>>();
  for (const controller of ApiModule.forRoot(config, { withWorker: false }).controllers ?? []) {
    const prototype = (controller as ClassType<unknown>).prototype as object;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const args: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
      const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, method) ?? [];
      for (const [key, { index }] of Object.entries(args)) {
        const dto = types[index] as ClassType<unknown> | undefined;
        if (key.split(':')[0] === String(paramtype) && dto && dto !== Object) dtos.set(dto.name, dto);
      }
    }
  }
  return dtos;
}

const bodyDtos = routeDtos(RouteParamtypes.BODY);

function fastPathOf(dto: ClassType<unknown>): FastPath {
  const found = requestSchemaFor(dto);
  if (!('accepts' in found)) throw new Error(`${dto.name} has no fast path: ${found.reason}`);
  return found;
}

/** A pipe's answer: the value handed to the controller, or the errors of the 400. */
async function answer(pipe: ValidationPipe, dto: ClassType<unknown>, json: string): Promise<{ value: unknown } | { errors: unknown }> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: dto, data: '' };
  try {
    return { value: await pipe.transform(JSON.parse(json), metadata) };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return { errors: error.errors };
  }
}

/** Both pipes, each on its own copy of the body; `fast`: the compiled schema accepted it (class-validator never ran). */
async function bothPipes(dto: ClassType<unknown>, body: unknown) {
  const json = JSON.stringify(body) ?? 'null';
  const compiled = new CompiledValidationPipe(VALIDATION_PIPE_OPTIONS);
  const validate = jest.spyOn(compiled as unknown as { validate: () => unknown }, 'validate');
  const next = await answer(compiled, dto, json);
  const fast = validate.mock.calls.length === 0;
  const old = await answer(new ValidationPipe(VALIDATION_PIPE_OPTIONS), dto, json);
  return { next, old, fast };
}

// ---- values from a schema: mostly near-valid, with boundaries, wrong types, unknown keys, emoji and null

const ISO_LIKE = [
  '2026-03-01T00:00:00Z', '2026-03-01T00:00:00.123Z', '2026-03-01T00:00:00+01:00', '2026-03-01', '2026-03-01 00:00:00Z', '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-060', '2026-W10-1', '20260301T000000Z', '2026-03-01T00:00Z', '',
];
const ODD_STRINGS = ['', ' ', '  x  ', '😀', '❤️', '\uFE0F', 'a\uFE0F', '\uD800', 'x\n', 'A', 'ZZ', 'tw', '*', '1', 'true', 'null'];
const EXTRA_KEYS = ['extra', 'prototype', 'constructor', '__proto__', 'toString', ''];
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(null, 0, -1, 1.5, 1e21, true, false, [], {}, ...ODD_STRINGS),
);

function merged(schema: Schema): Schema {
  const { allOf, ...rest } = schema as Schema & { allOf?: Schema[] };
  return Object.assign({}, ...(allOf ?? []).map(merged), rest) as Schema;
}

/** Valid strings when `valid`, else near misses too: boundaries, emoji, variation selectors, padding. */
function stringArbitrary(schema: Schema, valid: boolean): fc.Arbitrary<string> {
  const { pattern, minLength = 0, maxLength = 12, format } = schema as { pattern?: string; minLength?: number; maxLength?: number; format?: string };
  const inRange = (n: number) => n >= minLength && n <= maxLength;
  if (pattern) {
    const matching = fc.stringMatching(new RegExp(pattern));
    if (valid) return matching;
    return fc.oneof(matching, matching.map((text) => `${text}x`), matching.map((text) => ` ${text} `), matching.map((text) => `${text}😀`), fc.constantFrom(...ODD_STRINGS));
  }
  if (format) {
    const instants = fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
    return valid ? instants : fc.oneof(instants, fc.constantFrom(...ISO_LIKE));
  }
  const sizes = [minLength - 1, minLength, minLength + 1, maxLength - 1, maxLength, maxLength + 1].filter((n) => n >= 0 && (!valid || inRange(n)));
  const choices = [fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.min(maxLength, 12) }), fc.constantFrom(...sizes.flatMap((n) => ['x'.repeat(n), '😀'.repeat(n)]))];
  // Also lengths past every limit of the API, in case the schema lost one.
  if (!valid) choices.push(fc.constantFrom(...ODD_STRINGS, 'x'.repeat(2049), '😀'.repeat(2049)), fc.constantFrom(...sizes.flatMap((n) => ['❤️'.repeat(n), 'a\uFE0F'.repeat(n), ` ${'x'.repeat(n)} `])));
  return fc.oneof(...choices);
}

function numberArbitrary(schema: Schema, valid: boolean): fc.Arbitrary<number> {
  const { minimum = -1e6, maximum = 1e6, type } = schema as { minimum?: number; maximum?: number; type?: string };
  const inRange = type === 'integer' ? fc.integer({ min: minimum, max: maximum }) : fc.double({ min: minimum, max: maximum, noNaN: true });
  if (valid) return fc.oneof(inRange, fc.constantFrom(minimum, maximum));
  return fc.oneof(inRange, fc.constantFrom(minimum - 1, minimum + 0.5, maximum + 1, 0, -0, 1.5, 1e21, -1e21, 2 ** 53 + 2), fc.double({ noNaN: true, noDefaultInfinity: true }));
}

/** Values of the schema: all valid when `valid`; else each part is sometimes wrong, missing, null or extra. */
function generate(schema: Schema, valid: boolean): fc.Arbitrary<unknown> {
  const child = (node: Schema) => (valid ? generate(node, true) : valueFor(node));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(child));
  const node = merged(schema);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  switch (node.type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, Schema>;
      const values = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, child(property)]));
      const required = (node.required ?? []) as string[];
      if (valid) return fc.record(values, { requiredKeys: required });
      const extra = fc.option(fc.tuple(fc.constantFrom(...EXTRA_KEYS), junk), { freq: 3 });
      return fc
        .tuple(fc.oneof(fc.record(values, { requiredKeys: required }), fc.record(values, { requiredKeys: [] })), extra)
        .map(([object, more]) => (more ? Object.defineProperty({ ...object }, more[0], { value: more[1], enumerable: true }) : object));
    }
    case 'array': {
      const { minItems = 0, maxItems = 5, uniqueItems } = node as { minItems?: number; maxItems?: number; uniqueItems?: boolean };
      const item = child((node.items ?? {}) as Schema);
      if (valid) {
        const sizes = { minLength: minItems, maxLength: Math.min(maxItems, minItems + 5) };
        return uniqueItems ? fc.uniqueArray(item, { ...sizes, selector: (value) => JSON.stringify(value) }) : fc.array(item, sizes);
      }
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(item, { maxLength: Math.min(maxItems + 1, 6) }) },
        { weight: 1, arbitrary: fc.array(item, { minLength: Math.max(minItems - 1, 0), maxLength: minItems + 1 }) },
        { weight: 1, arbitrary: fc.array(item, { minLength: maxItems, maxLength: maxItems + 1 }) },
        { weight: 1, arbitrary: fc.array(generate((node.items ?? {}) as Schema, true), { minLength: 101, maxLength: 101 }) },
      );
    }
    case 'string':
      return stringArbitrary(node, valid);
    case 'number':
    case 'integer':
      return numberArbitrary(node, valid);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return junk;
  }
}

function valueFor(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: generate(schema, true) }, { weight: 3, arbitrary: generate(schema, false) }, { weight: 1, arbitrary: junk });
}

describe('compiled request schemas (the validation pipe\'s fast accept path)', () => {
  it('finds the body DTOs of the routes', () => {
    expect([...bodyDtos.keys()]).toEqual(expect.arrayContaining(['OrderDto', 'AddOnDto', 'CreateCustomerDto', 'QuantityDto', 'CreateWebhookEndpointDto']));
  });

  it('gives every body DTO of the API a fast path (a DTO listed here has none, and why)', () => {
    const without = Object.fromEntries(
      [...bodyDtos.values()].flatMap((dto) => {
        const found = requestSchemaFor(dto);
        return 'reason' in found ? [[dto.name, found.reason]] : [];
      }),
    );
    expect(without).toEqual({});
    // Queries always take class-validator's path (validation.ts): @Transforms convert their strings.
    expect(routeDtos(RouteParamtypes.QUERY).size).toBeGreaterThan(5);
  });

  it('sets additionalProperties: false on every object, nested ones included', () => {
    const objects: Schema[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if ((node as Schema).type === 'object') objects.push(node as Schema);
        Object.values(node).forEach(walk);
      }
    };
    for (const dto of bodyDtos.values()) walk(fastPathOf(dto).schema);
    expect(objects.length).toBeGreaterThan(bodyDtos.size);
    for (const object of objects) expect(object.additionalProperties).toBe(false);
  });

  // The soundness property, over every body DTO with a fast path: when the compiled schema
  // accepts, class-validator accepts too and the controller gets the very same instance; when it
  // refuses, the answer is class-validator's (the same 400).
  for (const [name, dto] of bodyDtos) {
    it(`${name}: the fast path accepts nothing class-validator refuses, and builds the same instance`, async () => {
      const { schema } = fastPathOf(dto);
      const seen = { fast: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.oneof(generate(schema, true), generate(schema, false), junk), async (body) => {
          const { next, old, fast } = await bothPipes(dto, body);
          if (fast) {
            seen.fast++;
            expect(old).toHaveProperty('value');
          }
          if ('errors' in old) seen.refused++;
          expect(next).toStrictEqual(old);
        }),
        { numRuns: 400 },
      );
      // Not vacuous: both outcomes were exercised.
      expect(seen.fast).toBeGreaterThan(10);
      expect(seen.refused).toBeGreaterThan(10);
    });
  }
});

// ---- what gets no fast path

class WithCustomRule {
  @ValidateBy({ name: 'isEven', validator: { validate: (value) => typeof value === 'number' && value % 2 === 0 } })
  n!: number;
}

class WithNestedCustomRule {
  @ValidateNested()
  @Type(() => WithCustomRule)
  inner!: WithCustomRule;
}

class WithNestedWithoutType {
  @ValidateNested()
  inner!: WithCustomRule;
}

class WithFlaggedPattern {
  @Matches(/^[a-z]+$/i)
  code!: string;
}

class WithValidateIf {
  @ValidateIf((dto: WithValidateIf) => dto.code !== 'none')
  @IsString()
  code!: string;
}

class WithGroups {
  @IsString({ groups: ['admin'] })
  code!: string;
}

class WithUuid {
  @IsUUID()
  id!: string;
}

class SelfNesting {
  @IsOptional()
  @ValidateNested()
  @Type(() => SelfNesting)
  child?: SelfNesting;
}

describe('DTOs without a fast path fall back to class-validator', () => {
  it('says why, for each kind of rule it cannot express exactly', () => {
    const reasons = Object.fromEntries(
      [WithCustomRule, WithNestedCustomRule, WithNestedWithoutType, WithFlaggedPattern, WithValidateIf, WithGroups, WithUuid, SelfNesting].map((dto) => [dto.name, (requestSchemaFor(dto) as { reason?: string }).reason]),
    );
    expect(reasons).toEqual({
      WithCustomRule: 'WithCustomRule.n: isEven is not on the allow-list',
      WithNestedCustomRule: 'WithNestedCustomRule.inner: WithCustomRule.n: isEven is not on the allow-list',
      WithNestedWithoutType: 'WithNestedWithoutType.inner: @ValidateNested without a @Type(() => SomeDto) or with a discriminator',
      WithFlaggedPattern: 'WithFlaggedPattern.code: matches with flags or a pattern given as a string',
      WithValidateIf: 'WithValidateIf.code: conditionalValidation is not on the allow-list',
      WithGroups: 'WithGroups.code: validation groups or "always"',
      WithUuid: 'WithUuid.id: isUuid is not on the allow-list',
      SelfNesting: 'SelfNesting.child: SelfNesting nests itself',
    });
  });

  it('answers a DTO with a custom decorator as class-validator does, accepted or refused', async () => {
    for (const body of [{ n: 2 }, { n: 3 }, { n: '2' }, { n: 2, extra: true }, {}]) {
      const { next, old, fast } = await bothPipes(WithCustomRule, body);
      expect(fast).toBe(false);
      expect(next).toStrictEqual(old);
    }
    expect(await bothPipes(WithNestedCustomRule, { inner: { n: 4 } })).toMatchObject({ fast: false, next: { value: { inner: { n: 4 } } } });
  });
});

// ---- lengths: code points for ajv, code points minus variation selectors for validator.js

class Lengths {
  @Length(2, 3)
  text!: string;

  @IsOptional()
  @MaxLength(3)
  short?: string;
}

class Trimmed {
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsInt()
  count?: number;
}

describe('string lengths and transforms', () => {
  it('counts an emoji (a surrogate pair) as one character, as class-validator does', async () => {
    expect(await bothPipes(Lengths, { text: '😀😀😀' })).toMatchObject({ fast: true, next: { value: { text: '😀😀😀' } } });
    expect(await bothPipes(Lengths, { text: '😀😀😀😀' })).toMatchObject({ fast: false, old: { errors: [{ field: 'text', message: 'text must be shorter than or equal to 3 characters' }] } });
    expect(await bothPipes(Trimmed, { name: '😀'.repeat(200) })).toMatchObject({ fast: true });
    expect(await bothPipes(Trimmed, { name: '😀'.repeat(201) })).toMatchObject({ fast: false, old: { errors: [{ field: 'name' }] } });
  });

  it('leaves strings with variation selectors to class-validator, which does not count them', async () => {
    // "a" + U+FE0F is one character for validator.js, two code points for ajv.
    const one = await bothPipes(Lengths, { text: 'a\uFE0F' });
    expect(one).toMatchObject({ fast: false, old: { errors: [{ field: 'text', message: 'text must be longer than or equal to 2 and shorter than or equal to 3 characters' }] } });
    expect(one.next).toStrictEqual(one.old);
    // "❤️❤️❤️" is three characters for validator.js, six for ajv: accepted, by class-validator.
    const hearts = await bothPipes(Lengths, { text: 'ab', short: '❤️❤️❤️' });
    expect(hearts).toMatchObject({ fast: false, old: { value: { short: '❤️❤️❤️' } } });
    expect(hearts.next).toStrictEqual(hearts.old);
  });

  it('applies the schema after @Transform, as class-validator is', async () => {
    expect(await bothPipes(Trimmed, { name: '  Contoso  ' })).toMatchObject({ fast: true, next: { value: { name: 'Contoso' } } });
    const blank = await bothPipes(Trimmed, { name: '   ' });
    expect(blank).toMatchObject({ fast: false, old: { errors: [{ field: 'name' }] } });
    expect(blank.next).toStrictEqual(blank.old);
  });

  it('takes null for an optional property, as IsOptional does', async () => {
    expect(await bothPipes(Trimmed, { name: 'x', count: null })).toMatchObject({ fast: true, next: { value: { name: 'x', count: null } } });
  });
});
