// Building the page from data with DOM nodes: text always goes in as text, never as markup.

/**
 * @param attributes attributes; "class", "text" (textContent) and on<event> handlers are understood
 * @param children nodes or strings (as text); null and false are skipped
 */
export function el(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === null || value === undefined || value === false) {
			continue;
		}
		if (name === 'text') {
			node.textContent = value;
		} else if (name.startsWith('on')) {
			node.addEventListener(name.slice(2), value);
		} else {
			node.setAttribute(name, value === true ? '' : value);
		}
	}
	for (const child of children.flat()) {
		if (child !== null && child !== undefined && child !== false) {
			node.append(child);
		}
	}
	return node;
}

let ids = 0;

/** A fresh id for label / aria references (resource ids may hold characters ids should not). */
export function freshId(prefix) {
	ids += 1;
	return `${prefix}-${ids}`;
}

/** Tells screen readers (and everyone) what just happened, in the page's live region. */
export function announce(message, kind = 'info') {
	const status = document.getElementById('status');
	status.textContent = message;
	status.dataset.kind = kind;
}
