// The FHIR API of this server (same origin, /fhir), with the bearer token the user pasted, if any.
// The token lives in sessionStorage: gone when the tab closes, never sent anywhere but /fhir.

const TOKEN_KEY = 'fusion-cds.review.token';
export const FHIR_BASE = '/fhir';

export function token() {
	return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
	if (value) {
		sessionStorage.setItem(TOKEN_KEY, value.trim());
	} else {
		sessionStorage.removeItem(TOKEN_KEY);
	}
}

/** A failed call: the HTTP status and what the server's OperationOutcome said. */
export class FhirError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

/** What a person should read for a failed call. */
export function explain(error, what) {
	if (!(error instanceof FhirError)) {
		return `${what} failed: the server could not be reached (${error.message}).`;
	}
	switch (error.status) {
		case 401: return `${what}: the server asks for a token. Paste an access token above and save it.`;
		case 403: return `${what}: your token does not have the scope for this (${error.message}).`;
		default: return `${what} failed (HTTP ${error.status}): ${error.message}`;
	}
}

/**
 * @param path a path under /fhir ("Task?…") or an absolute URL the server gave (a paging link)
 * @param body a FHIR resource to POST, or nothing for GET
 */
export async function fhir(path, body) {
	const headers = { Accept: 'application/fhir+json' };
	if (token()) {
		headers.Authorization = `Bearer ${token()}`;
	}
	if (body) {
		headers['Content-Type'] = 'application/fhir+json';
	}
	const response = await fetch(sameOrigin(path), {
		method: body ? 'POST' : 'GET',
		headers,
		body: body ? JSON.stringify(body) : undefined,
		credentials: 'omit',
		cache: 'no-store',
	});
	const text = await response.text();
	let json = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	if (!response.ok) {
		throw new FhirError(response.status, diagnostics(json) || response.statusText || 'no details');
	}
	return json;
}

/** Paging links are absolute URLs; only their path and query are used, so calls stay on this origin. */
function sameOrigin(path) {
	if (/^https?:\/\//.test(path)) {
		const url = new URL(path);
		return url.pathname + url.search;
	}
	return `${FHIR_BASE}/${path}`;
}

function diagnostics(json) {
	if (json?.resourceType !== 'OperationOutcome') {
		return null;
	}
	return (json.issue || []).map(issue => issue.diagnostics || issue.details?.text || issue.code).filter(Boolean).join('; ');
}

/** The concepts of one of our CodeSystems, fetched by canonical URL: [{code, display}]. */
export async function codeSystemConcepts(url) {
	const bundle = await fhir(`CodeSystem?url=${encodeURIComponent(url)}`);
	const codeSystem = (bundle.entry || []).map(e => e.resource).find(r => r?.resourceType === 'CodeSystem');
	return (codeSystem?.concept || []).map(c => ({ code: c.code, display: c.display || c.code }));
}

/** The link of a searchset Bundle with this relation, if any. */
export function link(bundle, relation) {
	return (bundle?.link || []).find(l => l.relation === relation)?.url || null;
}
