/** A labelled text input with its validation message (shown once the form was touched). */
import React from 'react';
import { Field, Input } from '@grafana/ui';

export interface TextFieldProps {
  label: string;
  description?: React.ReactNode;
  error?: string;
  testId: string;
  width: number;
  value: string;
  onChange: (text: string) => void;
}

export function TextField({ label, description, error, testId, width, value, onChange }: TextFieldProps) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input data-testid={testId} width={width} value={value} onChange={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}
