import { DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain-error';

/**
 * given / when / then for deciders (test-only):
 *   spec(decider).given(e1, e2).when(command, ctx).then(e3)   // or .thenFails('code')
 */
interface SpecDecider<C, E extends DomainEvent, S, Ctx> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: Ctx): E[];
}

export function spec<C, E extends DomainEvent, S, Ctx>(decider: SpecDecider<C, E, S, Ctx>) {
  return {
    given(...history: E[]) {
      const state = history.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C, context: Ctx) {
          const run = () => decider.decide(command, state, context);
          return {
            then(...expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenMatch(...expected: Array<Partial<E> | { type: string; data: object }>) {
              const actual = run();
              expect(actual).toHaveLength(expected.length);
              expected.forEach((e, i) => expect(actual[i]).toMatchObject(e));
            },
            thenFails(code: string, details?: Record<string, unknown>) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (details) expect((thrown as DomainError).details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}
