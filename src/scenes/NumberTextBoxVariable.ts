/**
 * A text box whose value goes into PromQL as a number (the SLO targets). Whatever is typed or arrives in the
 * URL stays visible in the box, but queries receive only a checked decimal, or the fallback with the reason
 * shown as the variable's error (Grafana draws it on the label).
 */
import { TextBoxVariable } from '@grafana/scenes';
import { NumberBounds, numberVariableValue } from '../catalog/variableSpecs';

type TextBoxState = NonNullable<ConstructorParameters<typeof TextBoxVariable>[0]>;

/** The bounds travel in the state, so a cloned variable keeps them. */
export type NumberTextBoxState = TextBoxState & { bounds: NumberBounds };

export class NumberTextBoxVariable extends TextBoxVariable {
  constructor(state: NumberTextBoxState) {
    super({ ...state, error: numberVariableValue(state.value ?? '', state.bounds).error } as TextBoxState);
  }

  private get bounds(): NumberBounds {
    return (this.state as NumberTextBoxState).bounds;
  }

  getValue(): string {
    return numberVariableValue(this.state.value, this.bounds).value;
  }

  setValue(newValue: string): void {
    const error = numberVariableValue(newValue, this.bounds).error;
    if (error !== this.state.error) {
      this.setState({ error });
    }
    super.setValue(newValue);
  }
}
