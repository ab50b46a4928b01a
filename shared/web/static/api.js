// Talks to the egress-scout API on this page's own origin, and turns its error JSON into errors the page shows.

/**
 * What a view is given by the router.
 * @typedef {object} ViewContext
 * @property {HTMLElement} main where the view renders
 * @property {AbortSignal} signal aborted when the reader navigates elsewhere
 * @property {(message: string) => void} announce says something in the polite live region
 * @property {(error: unknown) => HTMLElement} errorBox the error as a block to show where it happened
 * @property {(path: string) => void} replaceHash changes the hash without a new history entry or a re-render
 */

/** What went wrong, as the API said it (`{"error":{"code","message"}}`) or as the network failed. */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status, 0 when the API did not answer at all
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path
 * @param {RequestInit} init
 * @returns {Promise<any>}
 */
async function request(path, init) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json' } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'unreachable', 'The API did not answer. Is egress-scout serve still running?');
  }
  const text = await response.text();
  /** @type {any} */
  let body;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = body?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message);
    }
    throw new ApiError(response.status, `http_${response.status}`, `The API answered ${response.status}.`);
  }
  if (body === undefined) throw new ApiError(response.status, 'not_json', 'The API answered without JSON.');
  return body;
}

/**
 * GETs JSON; an ApiError when the API answers an error.
 *
 * @example
 * const page = await getJson('/hostnames?sort=hits', signal);
 * @param {string} path
 * @param {AbortSignal} [signal]
 */
export function getJson(path, signal) {
  return request(path, signal ? { signal } : {});
}

/**
 * POSTs without a body and reads the JSON answer (the decision routes take their input from the path).
 * @param {string} path
 */
export function postJson(path) {
  return request(path, { method: 'POST' });
}

/**
 * GETs what a view shows, saying so in the live region. On failure the error is shown (at the end of
 * the view unless `showError` puts it elsewhere) and the answer is undefined; it is undefined as well
 * when the reader left meanwhile, so a view renders only when it gets a value.
 *
 * @example
 * const answer = await loadView(context, '/candidates', 'the candidates');
 * if (answer === undefined) return;
 * @param {ViewContext} context
 * @param {string} path
 * @param {string} what names it in messages: `Loading ${what}…`
 * @param {(box: HTMLElement) => void} [showError]
 * @returns {Promise<any>}
 */
export async function loadView(context, path, what, showError = (box) => context.main.append(box)) {
  context.announce(`Loading ${what}…`);
  try {
    const answer = await getJson(path, context.signal);
    return context.signal.aborted ? undefined : answer;
  } catch (error) {
    if (context.signal.aborted) return undefined;
    showError(context.errorBox(error));
    context.announce(`${what[0]?.toUpperCase()}${what.slice(1)} could not be loaded.`);
    return undefined;
  }
}
