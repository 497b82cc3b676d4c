import { FormState } from '../../settings/configForm';

/** What every block of the configuration form gets: the form, its update, and the error gate. */
export interface SectionProps {
  form: FormState;
  setForm: (next: FormState) => void;
  /** The message to show for a field: none until the form was touched. */
  show: (message: string | undefined) => string | undefined;
}
