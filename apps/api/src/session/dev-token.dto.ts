import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Role, ROLES } from '@ledger/domain';

/** The same shapes the token verifier accepts for `pid` and `sub`. */
const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class DevTokenDto {
  @IsString()
  @Matches(PARTNER_ID, { message: 'partnerId must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  partnerId!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES as readonly string[] as string[], { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];

  @IsOptional()
  @IsString()
  @Matches(PARTNER_ID, { message: 'userId must be 1-64 letters, digits, ".", "_" or "-"' })
  userId?: string;
}
