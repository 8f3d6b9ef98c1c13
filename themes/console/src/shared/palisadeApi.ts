/**
 * Calls Palisade's REST API with the signed-in person's own token: the console adds no
 * rights of its own, so every page shows exactly what the API lets this person see and do.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export type TokenSource = () => Promise<string | undefined>;

export async function callApi<T>(
  token: TokenSource,
  url: string,
  init: RequestInit = {},
): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: {
      Accept: "application/json",
      ...(init.body ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
      Authorization: `Bearer ${await token()}`,
    },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(
      response.status,
      body.error ?? `http_${response.status}`,
      body.error_description ?? body.errorMessage ?? response.statusText,
    );
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(token: TokenSource, url: string, fileName: string) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${await token()}` } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.error ?? `http_${response.status}`,
      body.error_description ?? response.statusText);
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

/** What to tell the person about a failed call: the API's own description when it gave one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message || error.error;
  }
  return error instanceof Error ? error.message : String(error);
}
