import { ApiProperty } from '@nestjs/swagger';

/** `nextCursor` of every paged list: null on the last page. */
export const NEXT_CURSOR = { type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' } as const;

/** The shape of a paged list (each list declares its own class for a named schema). */
export abstract class PageSchema {
  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;
}
