/** Test ids of the ranked causes view, in a module of their own so node-side tests import them without React. */
export const WHY_TEST_ID = 'llmd-why-throughput-dropped';
export const THROUGHPUT_TEST_ID = 'llmd-throughput-change';
