// View 2, "Screening gaps": [base]/$screening-gaps — a Bundle whose first entry is a summary
// MeasureReport (one group over all eligible patients, stratified by tumor type: eligible, adequately
// tested, with a gap) followed by one DetectedIssue per patient and gap. Counts as an SVG bar chart (with the same
// numbers as a table for screen readers), then the list of gaps.

import { announce, el } from './dom.js';
import { explain, fhir, link } from './fhir.js';

const PAGE_SIZE = 50;
const SVG = 'http://www.w3.org/2000/svg';
const MEASURES = [
	{ code: 'initial-population', label: 'Eligible', css: 'eligible' },
	{ code: 'numerator', label: 'Adequately tested', css: 'tested' },
	{ code: 'gap', label: 'With a gap', css: 'gap' },
];

let elements;
let started = false;

export function startGaps() {
	if (started) {
		return;
	}
	started = true;
	elements = {
		tumor: document.getElementById('gap-tumor'),
		chart: document.getElementById('gap-chart'),
		counts: document.getElementById('gap-counts'),
		list: document.getElementById('gap-list'),
		more: document.getElementById('more-gaps'),
		summary: document.getElementById('gap-summary'),
	};
	elements.tumor.addEventListener('change', () => loadGaps());
	document.getElementById('refresh-gaps').addEventListener('click', () => loadGaps());
	elements.more.addEventListener('click', () => loadPage(elements.more.dataset.next, false));
	loadGaps();
}

function loadGaps() {
	const tumor = elements.tumor.value;
	return loadPage(`$screening-gaps?_count=${PAGE_SIZE}${tumor ? `&tumor=${encodeURIComponent(tumor)}` : ''}`, true);
}

async function loadPage(path, first) {
	announce('Loading screening gaps…');
	try {
		const bundle = await fhir(path);
		const resources = (bundle.entry || []).map(e => e.resource).filter(Boolean);
		const report = resources.find(r => r.resourceType === 'MeasureReport');
		const issues = resources.filter(r => r.resourceType === 'DetectedIssue');
		if (first) {
			elements.list.replaceChildren();
			if (report) {
				showCounts(report.group?.[0]);
			}
		}
		elements.list.append(...issues.map(issueRow));
		const next = link(bundle, 'next');
		elements.more.hidden = !next;
		elements.more.dataset.next = next || '';
		const rows = elements.list.children.length;
		elements.summary.textContent = rows === 0 ? 'No screening gaps found.' : `${rows} gap${rows === 1 ? '' : 's'} shown${next ? ', more to load' : ''}.`;
		announce(`Screening gaps loaded: ${rows} shown.`);
	} catch (error) {
		clear();
		if (error.status === 404 || error.status === 400) {
			announce(`Screening gaps are not available on this server yet (HTTP ${error.status}): the $screening-gaps operation did not answer.`, 'error');
		} else {
			announce(explain(error, 'Loading the screening gaps'), 'error');
		}
	}
}

function clear() {
	elements.chart.replaceChildren();
	elements.counts.replaceChildren();
	elements.list.replaceChildren();
	elements.summary.textContent = '';
	elements.more.hidden = true;
}

/** A group or a stratum: both list their populations the same way. */
function count(populated, code) {
	const population = (populated.population || []).find(p => p.code?.coding?.[0]?.code === code);
	return population?.count ?? 0;
}

function showCounts(group) {
	if (!group) {
		return;
	}
	const strata = group.stratifier?.[0]?.stratum || [];
	const rows = [{ code: 'ALL', label: 'All tumor types', values: MEASURES.map(m => count(group, m.code)) },
		...strata.map(stratum => {
			const coding = stratum.value?.coding?.[0] || {};
			return { code: coding.code, label: coding.display || coding.code || stratum.value?.text || 'Tumor type',
				values: MEASURES.map(m => count(stratum, m.code)) };
		})];
	offerTumors(rows.filter(row => row.code && row.code !== 'ALL'));
	elements.chart.replaceChildren(chart(rows));
	elements.counts.replaceChildren(countsTable(rows));
}

/** The tumor filter offers the tumor types of the unfiltered answer; a filtered answer keeps them. */
function offerTumors(rows) {
	if (elements.tumor.value || rows.length === 0) {
		return;
	}
	elements.tumor.replaceChildren(el('option', { value: '', text: 'All tumor types' }),
		...rows.map(row => el('option', { value: row.code, text: row.label })));
}

function svg(tag, attributes = {}, text) {
	const node = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) {
		node.setAttribute(name, value);
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

/** Horizontal bars, three per tumor type, each with its number written beside it. */
function chart(rows) {
	const labelWidth = 260;
	const barArea = 420;
	const barHeight = 14;
	const rowHeight = MEASURES.length * (barHeight + 3) + 14;
	const legendHeight = 28;
	const width = labelWidth + barArea + 60;
	const height = legendHeight + rows.length * rowHeight;
	const max = Math.max(1, ...rows.flatMap(row => row.values));
	const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', 'aria-hidden': 'true', focusable: 'false' });
	MEASURES.forEach((measure, i) => {
		const x = labelWidth + i * 150;
		root.append(svg('rect', { x, y: 6, width: 14, height: 14, class: `bar ${measure.css}` }));
		root.append(svg('text', { x: x + 20, y: 18, class: 'legend' }, measure.label));
	});
	rows.forEach((row, r) => {
		const top = legendHeight + r * rowHeight;
		root.append(svg('text', { x: labelWidth - 10, y: top + rowHeight / 2, class: 'row-label', 'text-anchor': 'end' }, row.label));
		row.values.forEach((value, i) => {
			const y = top + i * (barHeight + 3);
			const length = Math.round((value / max) * barArea);
			root.append(svg('rect', { x: labelWidth, y, width: Math.max(length, 1), height: barHeight, class: `bar ${MEASURES[i].css}` }));
			root.append(svg('text', { x: labelWidth + length + 6, y: y + barHeight - 3, class: 'value' }, String(value)));
		});
	});
	return root;
}

function countsTable(rows) {
	return el('table', {},
		el('caption', { text: 'Patients per tumor type' }),
		el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Tumor type' }),
			MEASURES.map(m => el('th', { scope: 'col', text: m.label })))),
		el('tbody', {}, rows.map(row => el('tr', {},
			el('th', { scope: 'row', text: row.label }),
			row.values.map(value => el('td', { text: String(value) }))))));
}

function issueRow(issue) {
	const gap = issue.code?.coding?.[0] || {};
	const mitigation = issue.mitigation?.[0]?.action;
	const patient = issue.patient || {};
	return el('tr', {},
		el('td', { text: patient.display ? `${patient.display} (${patient.reference || ''})` : (patient.reference || '') }),
		el('td', { text: gap.display || gap.code || issue.code?.text || '' }),
		el('td', {}, el('span', { class: `severity severity-${issue.severity || 'unknown'}`, text: issue.severity || '' })),
		el('td', { text: issue.detail || '' }),
		el('td', { text: mitigation?.text || mitigation?.coding?.[0]?.display || '' }));
}
