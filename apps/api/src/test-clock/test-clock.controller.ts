import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Optional, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSchema, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { AdvanceFailedError, CLOCK, Clock, EVENT_STORE, EventStore, SharedTestClock, TimerLoop } from '@ledger/application';
import { WorkerLease } from '@ledger/worker';
import { APP_CONFIG, AppConfig, TestClock } from '@ledger/infrastructure';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponse, ProblemResponses } from '../http/problem-responses';
import { ValidationFailed } from '../http/validation';
import { addIsoDuration } from './iso-duration';

export class AdvanceDto {
  @ApiPropertyOptional({ example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;

  @ApiPropertyOptional({ example: 'P30D' })
  @IsOptional()
  @IsString()
  @Matches(/^P[0-9YMWDTHS.]{1,40}$/, { message: 'by must be an ISO 8601 duration such as P30D or PT12H' })
  by?: string;
}

@ApiSchema({ name: 'TestClockNow' })
class ClockAnswer {
  @ApiProperty({ type: String, format: 'date-time' })
  now!: string;
}

@ApiSchema({ name: 'TestClockAdvanced' })
class AdvanceAnswer extends ClockAnswer {
  @ApiProperty({ type: String, nullable: true, description: 'Head of the log once every timer due by now has fired; null for an empty log' })
  position!: string | null;
}

/** API.md: a target after year 9999 is a 400 (ISO strings, and their comparisons, stop there). */
/** How long an advance waits for the worker holding the lease to fire what fell due. */
const ADVANCE_TIMEOUT_MS = 120_000;

const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The test clock (TEST_CLOCK=enabled only; 404 otherwise, and refused in production by
 * configuration). Advancing holds the timer loop and fires everything due up to the new
 * now (TimerLoop.drain); it answers once nothing is due at or before now and the read
 * models caught up.
 */
@ApiTags('test clock')
@ApiBearerAuth()
@Controller('v1/test-clock')
export class TestClockController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly timers: TimerLoop,
    private readonly shared: SharedTestClock,
    /** Present when this process runs the worker side too (the in-process test harness). */
    @Optional() private readonly localWorker?: WorkerLease,
  ) {}

  private testClock(): TestClock {
    if (!this.config.testClock || !(this.clock instanceof TestClock)) throw new NotFoundException('the test clock is not enabled (TEST_CLOCK=enabled)');
    return this.clock;
  }

  @Get()
  @RequirePermission('read')
  @ApiOperation({ summary: "The test clock's now (TEST_CLOCK=enabled only)" })
  @ApiOkResponse({ type: ClockAnswer })
  @ProblemResponses(404)
  now(): ClockAnswer {
    return { now: this.testClock().now().toISOString() };
  }

  @Post('advance')
  @HttpCode(200)
  @RequirePermission('move-test-clock')
  @ApiOperation({ summary: 'Move the test clock forward; answers once every timer due by then has fired (global-admin only)' })
  @ApiOkResponse({ type: AdvanceAnswer, description: 'Every timer due by then has fired and the read models caught up' })
  @ProblemResponses(400, 404, 415)
  @ProblemResponse(503, 'timers-not-fired: no worker fired the timers in time, or a round stalled (the message says which)')
  async advance(@Body() body: AdvanceDto): Promise<AdvanceAnswer> {
    const clock = this.testClock();
    if ((body.to === undefined) === (body.by === undefined)) {
      throw new ValidationFailed([{ field: 'to', message: 'give exactly one of "to" (an instant) or "by" (a duration)' }]);
    }
    const target = body.to !== undefined ? new Date(body.to) : addIsoDuration(clock.now(), body.by!);
    if (!target) throw new ValidationFailed([{ field: 'by', message: 'by must be an ISO 8601 duration such as P30D or PT12H' }]);
    if (Number.isNaN(target.getTime()) || target.getTime() > LATEST_INSTANT) {
      throw new ValidationFailed([{ field: body.to !== undefined ? 'to' : 'by', message: 'the target must be an instant no later than 9999-12-31T23:59:59.999Z' }]);
    }
    if (target.getTime() < clock.now().getTime()) {
      throw new ValidationFailed([{ field: body.to !== undefined ? 'to' : 'by', message: `the test clock cannot move backwards (now ${clock.now().toISOString()})` }]);
    }
    if (this.localWorker?.isHolding) {
      await this.shared.moveTo(target);
      await this.timers.drain();
      return { now: clock.now().toISOString(), position: await this.eventStore.headPosition() };
    }
    // The worker side runs in another process: the lease holder fires the timers and answers.
    try {
      const position = await this.shared.requestAdvance(target, ADVANCE_TIMEOUT_MS);
      return { now: clock.now().toISOString(), position };
    } catch (error) {
      if (error instanceof AdvanceFailedError) throw new ServiceUnavailableException({ code: 'timers-not-fired', message: error.message });
      throw error;
    }
  }
}
