/** The authenticated caller: one user acting for exactly one partner (R1) with roles (R2). */
export interface Principal {
  userId: string;
  partnerId: string;
  roles: string[];
}
