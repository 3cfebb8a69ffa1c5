import { ArgumentMetadata, ArgumentsHost, Type, ValidationPipe } from '@nestjs/common';
import { CreateCustomerDto } from '../customers/customer.dto';
import { AddOnDto, OrderDto } from '../ordering/order.dto';
import { DevTokenDto } from '../session/dev-token.dto';
import { QuantityDto, ScheduledChangesDto } from '../subscriptions/subscription.dto';
import { CreateWebhookEndpointDto } from '../webhooks/webhook.dto';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestSchemaFor } from './request-schemas';
import { CompiledValidationPipe, VALIDATION_PIPE_OPTIONS } from './validation';

/** The status and body the API sends for what a pipe throws (through the real exception filter). */
async function answer(pipe: ValidationPipe, dto: Type<unknown>, body: unknown): Promise<string> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: dto, data: '' };
  const error = await pipe.transform(structuredClone(body), metadata).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  let sent = '';
  const reply = {
    raw: {},
    header: () => reply,
    status: (status: number) => ((sent = `${status} `), reply),
    send: (payload: unknown) => ((sent += JSON.stringify(payload)), reply),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method: 'POST', headers: {} }) }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return sent;
}

const line = { offerId: 'm365-business-basic-monthly', quantity: 5 };

const REFUSED: Array<[Type<unknown>, unknown]> = [
  [CreateCustomerDto, { name: 'Contoso', billingCountry: 'TW', segment: 'commercial', vatId: 'x' }],
  [CreateCustomerDto, { name: '   ', billingCountry: 'tw', segment: 'retail' }],
  [CreateCustomerDto, {}],
  [CreateCustomerDto, null],
  [CreateCustomerDto, ['Contoso']],
  [OrderDto, { lines: [] }],
  [OrderDto, { lines: [{ ...line, quantity: '5' }, { offerId: 'Not An Id', colour: 'red' }] }],
  [OrderDto, { lines: [line], note: 'unknown' }],
  [OrderDto, { lines: [{ ...line, customTermEndDate: '2026-02-30T00:00:00Z' }] }],
  [AddOnDto, { offerId: 'addon', termDuration: 'P2Y', billingFrequency: 'weekly' }],
  [QuantityDto, { quantity: 0 }],
  [QuantityDto, { quantity: 2.5, by: 1 }],
  [ScheduledChangesDto, { quantity: 1_000_001, termDuration: 'P1M', extra: null }],
  [DevTokenDto, { partnerId: 'p', roles: ['admin-agent', 'admin-agent'] }],
  [CreateWebhookEndpointDto, { url: 'https://example.com', eventTypes: ['lowercase', '*'], description: 'x'.repeat(501) }],
];

describe('the compiled validation pipe', () => {
  const cases = REFUSED.map(([dto, body]) => [dto.name, JSON.stringify(body).slice(0, 100), dto, body] as const);
  it.each(cases)('answers %s %s with the same 400 as the class-validator pipe', async (_name, _json, dto, body) => {
    const compiled = await answer(new CompiledValidationPipe(VALIDATION_PIPE_OPTIONS), dto, body);
    expect(compiled).toMatch(/^400 \{.*"code":"validation-failed"/);
    expect(compiled).toBe(await answer(new ValidationPipe(VALIDATION_PIPE_OPTIONS), dto, body));
  });

  it('hands a controller the same instance as the class-validator pipe, without running class-validator', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: OrderDto, data: '' };
    const body = { lines: [line, { offerId: 'm365-e3-nce', termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2027-01-01T00:00:00Z' }] };
    const compiled = new CompiledValidationPipe(VALIDATION_PIPE_OPTIONS);
    const validate = jest.spyOn(compiled as unknown as { validate: () => unknown }, 'validate');
    const instance = await compiled.transform(structuredClone(body), metadata);
    expect(validate).not.toHaveBeenCalled();
    expect(instance).toBeInstanceOf(OrderDto);
    expect(instance).toStrictEqual(await new ValidationPipe(VALIDATION_PIPE_OPTIONS).transform(structuredClone(body), metadata));
  });

  it('leaves queries to class-validator', async () => {
    const compiled = new CompiledValidationPipe(VALIDATION_PIPE_OPTIONS);
    const validate = jest.spyOn(compiled as unknown as { validate: () => unknown }, 'validate');
    expect('accepts' in requestSchemaFor(QuantityDto)).toBe(true);
    await compiled.transform({ quantity: 3 }, { type: 'query', metatype: QuantityDto, data: '' });
    expect(validate).toHaveBeenCalled();
  });
});
