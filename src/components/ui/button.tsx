// Buttons and button-styled links with 44px touch targets. Icon-only buttons must pass `aria-label`.
import { forwardRef, type ButtonHTMLAttributes } from 'react';
import { Link, type LinkProps } from 'react-router';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'inverse' | 'code';

const BASE =
  'inline-flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-md px-3 text-sm font-medium ' +
  'transition-colors disabled:cursor-not-allowed disabled:opacity-50 [&_svg]:shrink-0';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-slate-900 text-white hover:bg-slate-700',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100',
  ghost: 'text-slate-700 hover:bg-slate-100',
  danger: 'bg-red-700 text-white hover:bg-red-600',
  /** A ghost button on a dark surface (a toast): its own text colour, as two colour classes on one
   *  element resolve by the stylesheet's order, not the class attribute's; its focus ring inside it, in a
   *  colour that stands out on that surface. */
  inverse: 'text-sky-200 hover:bg-slate-700 focus-visible:outline-sky-200 focus-visible:-outline-offset-2',
  /** On a code block, which is dark in both themes. */
  code: 'text-code-text hover:bg-code-text/15 focus-visible:outline-code-text focus-visible:-outline-offset-2',
};

export function buttonClass(variant: ButtonVariant = 'secondary', extra = ''): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`.trim();
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', className = '', type = 'button', ...rest },
  ref,
) {
  return <button ref={ref} type={type} className={buttonClass(variant, className)} {...rest} />;
});

export function ButtonLink({ variant = 'secondary', className = '', ...rest }: LinkProps & { variant?: ButtonVariant }) {
  return <Link className={buttonClass(variant, className)} {...rest} />;
}
