// Shown for unknown URLs and for errors thrown while rendering a page, so a bug never leaves a blank screen.
import { Link, useRouteError } from 'react-router';

export function RouteError({ notFound = false }: { notFound?: boolean }) {
  const error = useRouteError();
  const message = notFound ? 'There is no page at this address.' : error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div role="alert" className="mx-auto max-w-lg p-6">
      <h1 className="mb-2 text-lg font-semibold">{notFound ? 'Page not found' : 'This page failed to load'}</h1>
      <p className="mb-4 text-slate-700">{message}</p>
      <Link className="inline-flex min-h-11 items-center rounded-md bg-slate-900 px-4 text-white" to="/ai/prompts">
        Back to prompts
      </Link>
    </div>
  );
}
