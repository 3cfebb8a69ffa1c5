import { Transform } from 'class-transformer';

/** `?cursor=&status=` (API.md's own templates) mean "not given", not "an empty value". */
export const EmptyAsUndefined = () => Transform(({ value }) => (value === '' ? undefined : value));
