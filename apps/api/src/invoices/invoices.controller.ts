import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InvoiceReader, reconciliationCsv } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { PageQuery } from '../http/pagination';
import { ProblemResponses } from '../http/problem-responses';
import { InvoiceLinesQuery } from './invoice.dto';
import { InvoicePeriod } from './invoice-period.pipe';
import { invoicePdf } from './invoice-pdf';
import { InvoiceLinePageSchema, InvoicePageSchema, InvoiceSchema } from './invoice.view';

const DEFAULT_LIMIT = 50;

/** R32, R33: the calling partner's invoices (R1), for roles with invoice access (R2). */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoiceReader) {}

  @Get()
  @RequirePermission('invoices')
  @ApiOperation({ summary: "The partner's invoices, newest period first (R32, R33)" })
  @ApiOkResponse({ type: InvoicePageSchema })
  @ProblemResponses(400, 503)
  list(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<InvoicePageSchema> {
    return this.invoices.list(principal.partnerId, query.cursor ?? null, query.limit ?? DEFAULT_LIMIT);
  }

  @Get(':period')
  @RequirePermission('invoices')
  @ApiOperation({ summary: 'One invoice with its totals per customer and for the partner (R32); 404 for a period without lines' })
  @ApiOkResponse({ type: InvoiceSchema })
  @ProblemResponses(400, 404, 503)
  get(@Param('period', InvoicePeriod) period: string, @Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal): Promise<InvoiceSchema> {
    return this.invoices.get(principal.partnerId, period);
  }

  @Get(':period/lines')
  @RequirePermission('invoices')
  @ApiOperation({ summary: "An invoice's lines in log order, optionally one customer's (R32)" })
  @ApiOkResponse({ type: InvoiceLinePageSchema })
  @ProblemResponses(400, 404, 503)
  lines(@Param('period', InvoicePeriod) period: string, @Query() query: InvoiceLinesQuery, @CurrentPrincipal() principal: Principal): Promise<InvoiceLinePageSchema> {
    return this.invoices.lines(principal.partnerId, period, query.customerId ?? null, query.cursor ?? null, query.limit ?? DEFAULT_LIMIT);
  }

  @Get(':period/reconciliation.csv')
  @RequirePermission('invoices')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The reconciliation file (RFC 4180): a header row, one row per line, amounts as decimal strings (R33); streamed' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one row per invoice line', schema: { type: 'string' } })
  @ProblemResponses(400, 404, 503)
  async csv(@Param('period', InvoicePeriod) period: string, @Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    await this.invoices.invoice(principal.partnerId, period);
    return new StreamableFile(Readable.from(reconciliationCsv(this.invoices, principal.partnerId, period)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="reconciliation-${period}.csv"`,
    });
  }

  @Get(':period/invoice.pdf')
  @RequirePermission('invoices')
  @Header('Content-Type', 'application/pdf')
  @ApiOperation({ summary: 'The printable invoice: partner, number, period, billing date, customer and partner totals (R33)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ProblemResponses(400, 404, 503)
  async pdf(@Param('period', InvoicePeriod) period: string, @Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    const summary = await this.invoices.summary(principal.partnerId, period);
    return new StreamableFile(invoicePdf(principal.partnerId, summary, this.invoices.customerChunks(principal.partnerId, period)), {
      type: 'application/pdf',
      disposition: `inline; filename="invoice-${period}.pdf"`,
    });
  }
}
