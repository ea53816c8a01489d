// The variables detected in a prompt, each with its default value input and whether it is private (its
// value never shown through a share link).
import { TextField } from '@/components/ui/field';

interface VariableDefaultsProps {
  names: string[];
  defaults: Record<string, string>;
  onChange: (defaults: Record<string, string>) => void;
  privateNames: string[];
  onPrivateChange: (privateNames: string[]) => void;
}

export function VariableDefaults({ names, defaults, onChange, privateNames, onPrivateChange }: VariableDefaultsProps) {
  return (
    <section aria-labelledby="variables-title" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      <h2 id="variables-title" className="text-sm font-semibold">Variables</h2>
      {names.length === 0 ? (
        <p className="text-sm text-slate-500">No variables yet. Type {'{{name}}'} in the template to add one.</p>
      ) : (
        <>
          <p className="text-xs text-slate-600">
            A private value (a key, a name, anything personal) is never shown through a share link, not even where it appears in a message.
          </p>
          <ul aria-label="Detected variables" className="flex flex-col gap-3">
            {names.map((name) => (
              <li key={name} className="flex flex-col gap-1">
                <TextField
                  label={`Default for ${name}`}
                  value={defaults[name] ?? ''}
                  onChange={(e) => onChange({ ...defaults, [name]: e.target.value })}
                />
                <label className="flex min-h-11 items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={privateNames.includes(name)}
                    onChange={(e) => onPrivateChange(e.target.checked ? [...privateNames, name] : privateNames.filter((n) => n !== name))}
                  />
                  Private: {name}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
