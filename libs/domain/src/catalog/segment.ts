/** R4, R5: the market segment of a customer; an offer lists the segments it is sold to. */
export type Segment = 'commercial' | 'education' | 'government' | 'nonprofit';
export const SEGMENTS: readonly Segment[] = ['commercial', 'education', 'government', 'nonprofit'];
