/** Integration tests import the stack from here. */
export * from '../support/stack';
