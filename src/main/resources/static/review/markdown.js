// The small markdown our suggestions are written in (Task.note[0].text), rendered safely: every
// character of the text is HTML-escaped first, then only paragraphs, "- " lists, **bold**, _italic_
// and [label](url) links with an http(s) URL become markup. Anything else stays visible text.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g;

export function escapeHtml(text) {
	return String(text).replace(/[&<>"']/g, c => ESCAPES[c]);
}

function emphasis(escaped) {
	return escaped
		.replace(/\*\*(\S(?:[^*]*?\S)?)\*\*/g, '<strong>$1</strong>')
		.replace(/(^|[\s(])_(\S(?:.*?\S)?)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>');
}

/** One line of escaped text: links first (their URLs must not be touched by emphasis), then emphasis around them. */
function inline(escaped) {
	let html = '';
	let last = 0;
	for (const m of escaped.matchAll(LINK)) {
		html += emphasis(escaped.slice(last, m.index));
		html += `<a href="${m[2]}" rel="noopener noreferrer" target="_blank">${emphasis(m[1])}</a>`;
		last = m.index + m[0].length;
	}
	return html + emphasis(escaped.slice(last));
}

/** Markdown → HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(markdown) {
	const blocks = escapeHtml(markdown ?? '').replace(/\r\n?/g, '\n').split(/\n\s*\n/);
	return blocks.map(block => block.trim()).filter(block => block).map(block => {
		const lines = block.split('\n');
		const items = lines.filter(line => /^\s*- /.test(line));
		if (items.length === 0) {
			return `<p>${lines.map(inline).join('<br>')}</p>`;
		}
		// a heading line ("**Sources:**") followed by its list
		const lead = lines.filter(line => !/^\s*- /.test(line));
		const list = `<ul>${items.map(line => `<li>${inline(line.replace(/^\s*- /, ''))}</li>`).join('')}</ul>`;
		return (lead.length ? `<p>${lead.map(inline).join('<br>')}</p>` : '') + list;
	}).join('');
}

/** The value after "**Label:**" in the markdown, as plain text (e.g. the evidence level). */
export function labelled(markdown, label) {
	const m = new RegExp(`\\*\\*${label}:\\*\\*\\s*([^\\n]+)`).exec(markdown ?? '');
	return m ? m[1].trim() : null;
}
