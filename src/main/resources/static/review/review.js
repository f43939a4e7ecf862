// The review page: the token field, the two views as tabs, and starting each view's data.

import { announce } from './dom.js';
import { setToken, token } from './fhir.js';
import { startGaps } from './gaps.js';
import { loadSuggestions, startSuggestions } from './suggestions.js';

const VIEWS = { suggestions: () => {}, gaps: startGaps };

function setUpToken() {
	const field = document.getElementById('token');
	const state = document.getElementById('token-state');
	const describe = () => {
		state.textContent = token() ? 'A token is set for this browser tab.' : 'No token set: calls go without one.';
	};
	field.value = token();
	describe();
	document.getElementById('token-form').addEventListener('submit', event => {
		event.preventDefault();
		setToken(field.value);
		describe();
		announce(token() ? 'Token saved for this tab. Reloading.' : 'Token cleared. Reloading.');
		loadSuggestions();
	});
	document.getElementById('clear-token').addEventListener('click', () => {
		field.value = '';
		setToken('');
		describe();
		announce('Token cleared.');
	});
}

/** Tabs per the WAI-ARIA pattern: arrow keys move between them, the chosen one shows its panel. */
function setUpTabs() {
	const tabs = [...document.querySelectorAll('[role="tab"]')];
	const select = tab => {
		for (const other of tabs) {
			const chosen = other === tab;
			other.setAttribute('aria-selected', String(chosen));
			other.tabIndex = chosen ? 0 : -1;
			document.getElementById(other.getAttribute('aria-controls')).hidden = !chosen;
		}
		VIEWS[tab.dataset.view]();
	};
	tabs.forEach((tab, i) => {
		tab.addEventListener('click', () => select(tab));
		tab.addEventListener('keydown', event => {
			const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
			if (step) {
				const next = tabs[(i + step + tabs.length) % tabs.length];
				next.focus();
				select(next);
				event.preventDefault();
			}
		});
	});
}

setUpToken();
setUpTabs();
startSuggestions();
