export const customerStream = (customerId: string): string => `customer-${customerId}`;
