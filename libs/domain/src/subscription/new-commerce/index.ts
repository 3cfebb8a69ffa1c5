export * from './billing-cycles';
