// The UI's only road to Rust: every command goes through `call`, which unwraps the generated
// `Result` and throws an `ApiFailure` carrying the API's `{code, message}`.
import { commands } from './contract';
import type { ApiError, Result } from './contract';

export { commands };

/** An error answered by the API. Match on `code`, never on `message`. */
export class ApiFailure extends Error {
  readonly code: string;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.code = error.code;
  }
}

/** Awaits a command, returns its data or throws `ApiFailure`. */
export async function call<T>(pending: Promise<Result<T, ApiError>>): Promise<T> {
  let result: Result<T, ApiError>;
  try {
    result = await pending;
  } catch (e) {
    // The IPC itself failed (no Tauri host, a panic): shown like any other error.
    throw toFailure(e);
  }
  if (result.status === 'ok') return result.data;
  // Tauri itself refuses a request it cannot hand to the command (arguments that do not
  // deserialize) with a bare string, which the generated wrapper passes on as the error.
  throw toFailure(result.error);
}

/** Any thrown value as an `ApiFailure`, so the UI shows every error the same way. */
export function toFailure(e: unknown): ApiFailure {
  if (e instanceof ApiFailure) return e;
  if (isApiError(e)) return new ApiFailure(e);
  if (e instanceof Error) return new ApiFailure({ code: 'ipc', message: e.message });
  const text = String(e);
  const refused = /^invalid args `([^`]*)` for command `([^`]*)`: (.*)$/s.exec(text);
  if (refused) {
    return new ApiFailure({
      code: 'invalid_request',
      message: `the app refused what this screen sent to ${refused[2]} (${refused[1]}: ${refused[3]})`,
    });
  }
  return new ApiFailure({ code: 'ipc', message: text });
}

function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

type Commands = typeof commands;
/** The data type a command answers with, whatever the generated file names it. */
export type DataOf<K extends keyof Commands> =
  Awaited<ReturnType<Commands[K]>> extends infer R ? (R extends { status: 'ok'; data: infer D } ? D : never) : never;
/** The request type a command takes. */
export type ReqOf<K extends keyof Commands> = Parameters<Commands[K]>[0];
