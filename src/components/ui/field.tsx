// Labelled form fields: the label is always a real <label>, so every input has an accessible name; a hint
// or an error is tied to the control with aria-describedby (an error also sets aria-invalid).
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

// A field's edge is what shows it is there: slate-500 keeps 3:1 against white and the page (WCAG 1.4.11),
// as every text field and select in the app does; placeholders are text (4.5:1).
const CONTROL =
  'w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 ' +
  'placeholder:text-slate-500 aria-[invalid=true]:border-red-600 sm:text-sm';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown instead of the hint, in red; marks the control invalid. */
  error?: string | undefined;
}

function useFieldIds(hint: ReactNode, error: string | undefined) {
  const id = useId();
  const described = error || hint ? `${id}-note` : undefined;
  return { id, described };
}

function FieldShell({ id, label, hint, error, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-note`} className="text-xs font-medium text-red-700">{error}</p>
      ) : hint ? (
        <p id={`${id}-note`} className="text-xs text-slate-600">{hint}</p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const { id, described } = useFieldIds(hint, error);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input id={id} aria-describedby={described} aria-invalid={error ? true : undefined} className={`${CONTROL} min-h-11`} {...rest} />
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  mono = false,
  ...rest
}: FieldProps & { mono?: boolean } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, described } = useFieldIds(hint, error);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea id={id} aria-describedby={described} aria-invalid={error ? true : undefined} className={`${CONTROL} ${mono ? 'font-mono' : ''}`} {...rest} />
    </FieldShell>
  );
}
