// View 1, "Open suggestions": the suggestion Tasks still requested, newest first, grouped by patient,
// each as a card a clinician accepts or rejects through Task/[id]/$feedback.

import { announce, el, freshId } from './dom.js';
import { codeSystemConcepts, explain, fhir, link } from './fhir.js';
import { labelled, renderMarkdown } from './markdown.js';

const KIND = 'https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind';
const RULE = 'https://fusion-cds.dev/fhir/CodeSystem/rule';
const TUMOR = 'https://fusion-cds.dev/fhir/CodeSystem/tumor-type';
const REASONS = 'https://fusion-cds.dev/fhir/CodeSystem/override-reason';
const PAGE_SIZE = 50;
const NOT_RECORDED = 'not-recorded';

const state = {
	kinds: [],
	reasons: [],
	tasks: [],
	patients: new Map(),
	next: null,
};

let elements;

export async function startSuggestions() {
	elements = {
		kind: document.getElementById('kind'),
		tumor: document.getElementById('tumor'),
		list: document.getElementById('suggestions'),
		more: document.getElementById('more-suggestions'),
	};
	elements.kind.addEventListener('change', () => loadSuggestions());
	elements.tumor.addEventListener('change', () => render());
	document.getElementById('refresh-suggestions').addEventListener('click', () => loadSuggestions());
	elements.more.addEventListener('click', () => loadPage(state.next));
	await loadSuggestions();
}

/** The kinds and the override reasons come from the server's CodeSystems, loaded once. */
async function loadCodeSystems() {
	if (state.kinds.length === 0) {
		state.kinds = await codeSystemConcepts(KIND);
		for (const kind of state.kinds) {
			elements.kind.append(el('option', { value: kind.code, text: kind.display }));
		}
	}
	if (state.reasons.length === 0) {
		state.reasons = await codeSystemConcepts(REASONS);
	}
}

export async function loadSuggestions() {
	state.tasks = [];
	state.patients = new Map();
	state.next = null;
	try {
		await loadCodeSystems();
	} catch (error) {
		render();
		announce(explain(error, 'Loading the suggestion kinds'), 'error');
		return;
	}
	const kinds = elements.kind.value ? [elements.kind.value] : state.kinds.map(k => k.code);
	const tags = kinds.map(code => `${KIND}|${code}`).join(',');
	await loadPage(`Task?_tag=${encodeURIComponent(tags)}&status=requested&_sort=-_lastUpdated`
		+ `&_count=${PAGE_SIZE}&_include=Task:patient`);
}

async function loadPage(path) {
	announce('Loading open suggestions…');
	elements.list.setAttribute('aria-busy', 'true');
	try {
		const bundle = await fhir(path);
		for (const entry of bundle.entry || []) {
			const resource = entry.resource;
			if (resource?.resourceType === 'Task') {
				state.tasks.push(resource);
			} else if (resource?.resourceType === 'Patient') {
				state.patients.set(`Patient/${resource.id}`, resource);
			}
		}
		state.next = link(bundle, 'next');
		render();
		const shown = visibleTasks();
		announce(`${shown.length} open suggestion${shown.length === 1 ? '' : 's'} for ${groupByPatient(shown).size} patient`
			+ `${groupByPatient(shown).size === 1 ? '' : 's'}${state.next ? ' (more to load)' : ''}.`);
	} catch (error) {
		render();
		announce(explain(error, 'Loading the open suggestions'), 'error');
	} finally {
		elements.list.removeAttribute('aria-busy');
	}
}

function tag(resource, system) {
	return (resource.meta?.tag || []).find(t => t.system === system)?.code || null;
}

/** The tumor type coding on Task.reasonCode, if the engine recorded one. */
function tumorOf(task) {
	return (task.reasonCode?.coding || []).find(c => c.system === TUMOR) || null;
}

function patientReference(task) {
	return task.for?.reference || null;
}

function visibleTasks() {
	const wanted = elements.tumor.value;
	return state.tasks.filter(task => !wanted || (tumorOf(task)?.code || NOT_RECORDED) === wanted);
}

/** Patients in the order of their newest suggestion (the Tasks arrive newest first). */
function groupByPatient(tasks) {
	const groups = new Map();
	for (const task of tasks) {
		const reference = patientReference(task) || 'unknown';
		if (!groups.has(reference)) {
			groups.set(reference, []);
		}
		groups.get(reference).push(task);
	}
	return groups;
}

function render() {
	renderTumorOptions();
	const groups = groupByPatient(visibleTasks());
	elements.list.replaceChildren(...[...groups].map(([reference, tasks]) => patientSection(reference, tasks)));
	if (groups.size === 0) {
		elements.list.append(el('p', { class: 'empty', text: 'No open suggestions match these filters.' }));
	}
	elements.more.hidden = !state.next;
}

/** The tumor filter offers the tumor types found on the loaded suggestions; the choice survives reloads. */
function renderTumorOptions() {
	const chosen = elements.tumor.value;
	const types = new Map();
	for (const task of state.tasks) {
		const tumor = tumorOf(task);
		types.set(tumor?.code || NOT_RECORDED, tumor ? (tumor.display || tumor.code) : 'Tumor type not recorded');
	}
	if (chosen && !types.has(chosen)) {
		types.set(chosen, elements.tumor.selectedOptions[0]?.textContent || chosen);
	}
	elements.tumor.replaceChildren(el('option', { value: '', text: 'All tumor types' }),
		...[...types].sort((a, b) => a[1].localeCompare(b[1])).map(([code, display]) => el('option', { value: code, text: display })));
	elements.tumor.value = chosen;
}

function patientName(patient) {
	const name = patient?.name?.[0];
	if (!name) {
		return null;
	}
	return name.text || [...(name.given || []), name.family].filter(Boolean).join(' ') || null;
}

function patientSection(reference, tasks) {
	const patient = state.patients.get(reference);
	const headingId = freshId('patient');
	const facts = [reference];
	if (patient?.birthDate) {
		facts.push(`born ${patient.birthDate}`);
	}
	if (patient?.gender) {
		facts.push(patient.gender);
	}
	return el('section', { class: 'patient', 'aria-labelledby': headingId },
		el('h3', { id: headingId, text: patientName(patient) || reference }),
		el('p', { class: 'patient-facts', text: facts.join(' · ') }),
		el('div', { class: 'cards' }, tasks.map(card)));
}

function card(task) {
	const headingId = freshId('suggestion');
	const kind = tag(task, KIND) || 'unknown';
	const rule = tag(task, RULE);
	const tumor = tumorOf(task);
	const explanation = task.note?.[0]?.text || '';
	const evidence = labelled(explanation, 'Evidence level');
	const statusValue = el('dd', { class: 'task-status', tabindex: '-1', text: task.status });
	const detail = el('div', { class: 'detail' });
	detail.innerHTML = renderMarkdown(explanation); // safe: the renderer escapes every character of the text first
	const article = el('article', { class: 'card', 'aria-labelledby': headingId, 'data-task': task.id },
		el('header', {},
			el('span', { class: `badge kind-${kind}`, text: kindDisplay(kind) }),
			tumor ? el('span', { class: 'badge tumor', title: tumor.display || tumor.code, text: tumor.code }) : null,
			el('h4', { id: headingId, text: task.description || task.code?.text || 'Suggestion' })),
		el('dl', { class: 'facts' },
			el('dt', { text: 'Status' }), statusValue,
			evidence ? [el('dt', { text: 'Evidence level' }), el('dd', { text: evidence })] : null,
			rule ? [el('dt', { text: 'Rule' }), el('dd', {}, el('code', { text: rule }))] : null,
			tumor ? [el('dt', { text: 'Tumor type' }), el('dd', { text: tumor.display || tumor.code })] : null),
		detail);
	article.append(actions(task, article, statusValue));
	return article;
}

function kindDisplay(code) {
	return state.kinds.find(k => k.code === code)?.display || code;
}

function actions(task, article, statusValue) {
	const formId = freshId('reject');
	const reasonId = freshId('reason');
	const commentId = freshId('comment');
	const accept = el('button', { type: 'button', class: 'accept', text: 'Accept' });
	const reject = el('button', { type: 'button', class: 'reject', 'aria-expanded': 'false', 'aria-controls': formId, text: 'Reject…' });
	const reason = el('select', { id: reasonId, name: 'reason', required: true },
		el('option', { value: '', text: 'Choose a reason' }),
		state.reasons.map(r => el('option', { value: r.code, text: r.display })));
	const comment = el('textarea', { id: commentId, name: 'comment', rows: '2' });
	const form = el('form', { id: formId, class: 'reject-form', hidden: true, 'aria-label': 'Reject this suggestion' },
		el('label', { for: reasonId, text: 'Reason' }), reason,
		el('label', { for: commentId, text: 'Comment (optional)' }), comment,
		el('div', { class: 'buttons' },
			el('button', { type: 'submit', class: 'confirm-reject', text: 'Reject suggestion' }),
			el('button', { type: 'button', class: 'cancel', text: 'Cancel' })));
	const buttons = el('div', { class: 'actions' }, accept, reject);

	const showForm = open => {
		form.hidden = !open;
		reject.setAttribute('aria-expanded', String(open));
		(open ? reason : reject).focus();
	};
	reject.addEventListener('click', () => showForm(form.hidden));
	form.querySelector('.cancel').addEventListener('click', () => showForm(false));
	accept.addEventListener('click', () => decide(task, article, statusValue, buttons, form, { outcome: 'accepted' }));
	form.addEventListener('submit', event => {
		event.preventDefault();
		if (!reason.value) {
			announce('Choose a reason to reject the suggestion.', 'error');
			reason.focus();
			return;
		}
		decide(task, article, statusValue, buttons, form, { outcome: 'rejected', reason: reason.value, comment: comment.value.trim() });
	});
	return el('div', {}, buttons, form);
}

async function decide(task, article, statusValue, buttons, form, { outcome, reason, comment }) {
	const parameter = [{ name: 'outcome', valueCode: outcome }];
	if (reason) {
		parameter.push({ name: 'reason', valueCoding: { system: REASONS, code: reason } });
	}
	if (comment) {
		parameter.push({ name: 'comment', valueString: comment });
	}
	for (const button of article.querySelectorAll('button')) {
		button.disabled = true;
	}
	try {
		const updated = await fhir(`Task/${encodeURIComponent(task.id)}/$feedback`, { resourceType: 'Parameters', parameter });
		Object.assign(task, updated);
		const why = updated.statusReason?.coding?.[0]?.display;
		statusValue.textContent = why ? `${updated.status} — ${why}` : updated.status;
		article.classList.add(`decided-${updated.status}`);
		buttons.remove();
		form.remove();
		statusValue.focus();
		announce(`Suggestion ${updated.status}: ${task.description || ''}`);
	} catch (error) {
		for (const button of article.querySelectorAll('button')) {
			button.disabled = false;
		}
		announce(explain(error, 'Recording the decision'), 'error');
	}
}
