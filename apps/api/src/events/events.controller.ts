import { Controller, Get, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventFeedQueries } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ProblemResponses } from '../http/problem-responses';
import { ValidationFailed } from '../http/validation';
import { EventFeedPageView, EventFeedQueryDto } from './event-feed.dto';

const WAIT_MS = 5000;

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly feed: EventFeedQueries) {}

  @Get()
  @RequirePermission('read-event-feed')
  @ApiOperation({ summary: 'The partner\'s events in log order (R23), filtered and paged by position' })
  @ApiOkResponse({ type: EventFeedPageView })
  @ProblemResponses(400, 503)
  async list(@Query() query: EventFeedQueryDto, @CurrentPrincipal() principal: Principal): Promise<EventFeedPageView> {
    const from = query.from === undefined ? null : new Date(query.from).toISOString();
    const to = query.to === undefined ? null : new Date(query.to).toISOString();
    if (from !== null && to !== null && from > to) throw new ValidationFailed([{ field: 'from', message: 'from must not be after to' }]);
    // The feed has its own follower: `consistentWith` also waits for it (the interceptor waits for the projections).
    if (query.consistentWith && !(await this.feed.waitFor(query.consistentWith, WAIT_MS))) {
      throw new ServiceUnavailableException({ code: 'not-caught-up', message: `the event feed has not reached ${query.consistentWith} yet; retry shortly` });
    }
    return this.feed.page({
      partnerId: principal.partnerId,
      after: query.after ?? null,
      types: query.types ? query.types.split(',') : null,
      customerId: query.customerId ?? null,
      userId: query.userId ?? null,
      from,
      to,
      limit: query.limit ?? 100,
    });
  }
}
