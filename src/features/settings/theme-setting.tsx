// Settings → Theme: Light, Dark, or the system's (the default), kept on this device.
import { useSyncExternalStore } from 'react';
import { Monitor, Moon, Sun, type LucideIcon } from 'lucide-react';
import { readThemeChoice, setThemeChoice, subscribeTheme, type ThemeChoice } from '@/lib/theme';

const CHOICES: Array<[ThemeChoice, string, LucideIcon]> = [
  ['light', 'Light', Sun],
  ['dark', 'Dark', Moon],
  ['system', 'System', Monitor],
];

export function ThemeSetting() {
  const choice = useSyncExternalStore(subscribeTheme, readThemeChoice, () => 'system' as const);
  return (
    <section aria-labelledby="theme-title" className="flex max-w-md flex-col gap-2">
      <h2 id="theme-title" className="text-lg font-semibold">
        Theme
      </h2>
      <div role="radiogroup" aria-labelledby="theme-title" aria-describedby="theme-hint" className="flex flex-wrap gap-2">
        {CHOICES.map(([value, label, Icon]) => (
          <label
            key={value}
            className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-100 has-[:checked]:border-slate-900 has-[:checked]:ring-1 has-[:checked]:ring-slate-900"
          >
            <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => setThemeChoice(value)} className="size-4 accent-slate-900" />
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </label>
        ))}
      </div>
      <p id="theme-hint" className="text-sm text-slate-600">
        System follows this device’s light or dark setting. The choice is kept on this device only.
      </p>
    </section>
  );
}
