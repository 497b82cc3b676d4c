/**
 * Query builders of the Wide EP page: pure functions of the query context that return PromQL.
 * Grouped by what they answer, one file each under ./wideep/.
 */
export * from './wideep/scope';
export * from './wideep/eplb';
export * from './wideep/rebalance';
export * from './wideep/experts';
export * from './wideep/dbo';
export * from './wideep/ranks';
export * from './wideep/variance';
