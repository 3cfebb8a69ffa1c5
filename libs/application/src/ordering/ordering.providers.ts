import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';

/** Command and query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const ORDERING_HANDLERS: Provider[] = [];

/** Read models of this feature, kept up to date by the worker. */
export const ORDERING_PROJECTIONS: Projection[] = [];
