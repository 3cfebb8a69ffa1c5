import { customerListProjection } from '../customers/customer-list.projection';
import { Projection } from './projection';

/** Every read model the worker keeps up to date (and the CLI rebuilds and verifies). */
export const ALL_PROJECTIONS: Projection[] = [customerListProjection as unknown as Projection];
