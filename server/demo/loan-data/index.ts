// Demo loan-default data: generator (documented there), column metadata and CSV output.
export * from './columns';
export * from './generator';
export * from './csv';
