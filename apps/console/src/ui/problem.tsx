import { ApiError } from '../api/client';

/** A refused or failed call, said plainly: 403 and 404 in words, the API's reason code and detail, every bad field. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) return <p role="alert" className="problem">Something went wrong: {String((error as Error)?.message ?? error)}</p>;
  const { status, problem } = error;
  const headline =
    status === 403
      ? 'Not allowed: your roles do not permit this (403).'
      : status === 404
        ? 'Not found: there is no such item for your partner.'
        : status === 401
          ? 'Your sign-in is no longer valid (401): sign in again.'
          : `${problem.title ?? 'Refused'} (${status}${problem.code ? `, ${problem.code}` : ''}).`;
  return (
    <div role="alert" className="problem">
      <p>
        <strong>{headline}</strong> {problem.detail}
      </p>
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
