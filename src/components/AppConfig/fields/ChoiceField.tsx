/** A labelled choice among a few options, as a radio button group. */
import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

export interface ChoiceFieldProps<T> {
  label: string;
  description?: string;
  testId: string;
  options: Array<{ label: string; value: T }>;
  value: T;
  onChange: (value: T) => void;
}

export function ChoiceField<T>({ label, description, testId, options, value, onChange }: ChoiceFieldProps<T>) {
  return (
    <Field label={label} description={description}>
      <RadioButtonGroup data-testid={testId} options={options} value={value} onChange={onChange} />
    </Field>
  );
}
