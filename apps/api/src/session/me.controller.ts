import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import { PERMISSIONS, permissionsOf, ROLES } from '@ledger/domain';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ProblemResponses } from '../http/problem-responses';

@ApiSchema({ name: 'Me' })
export class MeView {
  @ApiProperty() userId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ type: [String], enum: ROLES }) roles!: string[];
  @ApiProperty({ type: [String], enum: PERMISSIONS, description: 'What these roles allow (SPEC.md R2): clients show only the actions listed here' })
  permissions!: string[];
}

/** Who the token says the caller is, and what its roles allow (R2): the console shapes its screens with it. */
@ApiTags('session')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  @Get()
  @RequirePermission('read')
  @ApiOperation({ summary: 'The calling user, its partner, roles and permissions (R1, R2)' })
  @ApiOkResponse({ type: MeView })
  @ProblemResponses()
  me(@CurrentPrincipal() principal: Principal): MeView {
    return { userId: principal.userId, partnerId: principal.partnerId, roles: principal.roles, permissions: permissionsOf(principal.roles) };
  }
}
