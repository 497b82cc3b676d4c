import { VizFactory } from './factory';

export const table: VizFactory<'table'> = () => ({
  type: 'table',
  defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' }, inspect: false } },
  options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], countRows: false } },
  width: 24,
  height: 8,
});
