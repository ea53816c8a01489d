// The variables detected in a prompt, each with its default value input.
import { TextField } from '@/components/ui/field';

interface VariableDefaultsProps {
  names: string[];
  defaults: Record<string, string>;
  onChange: (defaults: Record<string, string>) => void;
}

export function VariableDefaults({ names, defaults, onChange }: VariableDefaultsProps) {
  return (
    <section aria-labelledby="variables-title" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      <h2 id="variables-title" className="text-sm font-semibold">Variables</h2>
      {names.length === 0 ? (
        <p className="text-sm text-slate-500">No variables yet. Type {'{{name}}'} in the template to add one.</p>
      ) : (
        <ul aria-label="Detected variables" className="flex flex-col gap-3">
          {names.map((name) => (
            <li key={name}>
              <TextField
                label={`Default for ${name}`}
                value={defaults[name] ?? ''}
                onChange={(e) => onChange({ ...defaults, [name]: e.target.value })}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
