import { Type } from '@nestjs/common';
import { AppConfig } from '@ledger/infrastructure';
import { MeController } from './me.controller';
import { DevTokenController, developmentTokensAllowed } from './dev-token.controller';

/** HTTP controllers of this feature, mounted by ApiModule: the development token route only where allowed. */
export function sessionControllers(config: AppConfig): Type<unknown>[] {
  return [MeController, ...(developmentTokensAllowed(config) ? [DevTokenController] : [])];
}
