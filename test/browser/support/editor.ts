/**
 * Page helpers for the flow editor, written against the UI contract's data-testids only (see the
 * editor's components): palette items, nodes, React Flow handles, inspector fields, runs panel.
 */
import type { Locator, Page } from 'playwright-core';
import { until } from './browser-harness';

/** The browser's global scope inside page.evaluate (the test tsconfig has no DOM lib). */
export type BrowserGlobal = any;

export const nodes = (page: Page) => page.locator('[data-testid="node"]');
export const nodeById = (page: Page, id: string) => page.locator(`[data-testid="node"][data-node-id="${id}"]`);
export const nodesOfType = (page: Page, type: string) => page.locator(`[data-testid="node"][data-node-type="${type}"]`);
export const edges = (page: Page) => page.locator('.react-flow__edge');

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded().catch(() => undefined);
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no bounding box (not rendered?)`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The node ids currently on the canvas, by type. */
export async function nodeIds(page: Page, type?: string): Promise<string[]> {
  const list = type ? nodesOfType(page, type) : nodes(page);
  return await list.evaluateAll((elements) => elements.map((e: BrowserGlobal) => e.getAttribute('data-node-id') as string));
}

/**
 * Drags a palette item onto the canvas (HTML5 drag and drop) at a point relative to the canvas'
 * top-left corner; searches the palette first. Returns the new node's id.
 */
export async function dropNode(page: Page, type: string, at: { x: number; y: number }, search?: string): Promise<string> {
  const before = new Set(await nodeIds(page, type));
  const searchBox = page.getByTestId('palette-search');
  if (search !== undefined) await searchBox.fill(search);
  const item = page.locator(`[data-testid="palette-item"][data-node-type="${type}"]`);
  await item.waitFor({ state: 'visible' });
  await item.dragTo(page.getByTestId('canvas'), { targetPosition: at });
  if (search !== undefined) await searchBox.fill('');
  const after = await until(`a new ${type} node on the canvas`, () => nodeIds(page, type), (ids) => ids.some((id) => !before.has(id)), 5_000);
  return after.find((id) => !before.has(id))!;
}

/** Adds a node the keyboard way: focus its palette item and press Enter (lands at the viewport centre). */
export async function addNodeWithKeyboard(page: Page, type: string): Promise<string> {
  const before = new Set(await nodeIds(page, type));
  const item = page.locator(`[data-testid="palette-item"][data-node-type="${type}"]`);
  await item.focus();
  await page.keyboard.press('Enter');
  const after = await until(`a new ${type} node on the canvas`, () => nodeIds(page, type), (ids) => ids.some((id) => !before.has(id)), 5_000);
  return after.find((id) => !before.has(id))!;
}

/** Moves a node by dragging it with the mouse. */
export async function moveNode(page: Page, id: string, by: { dx: number; dy: number }): Promise<void> {
  const from = await center(nodeById(page, id));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.dx, from.y + by.dy, { steps: 12 });
  await page.mouse.up();
}

export const sourceHandle = (page: Page, nodeId: string, port = 'out') =>
  page.locator(`.react-flow__handle.source[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
export const targetHandle = (page: Page, nodeId: string) => page.locator(`.react-flow__handle.target[data-nodeid="${nodeId}"]`).first();

/** Draws an edge by dragging from a source handle to the target node's input handle. */
export async function connect(page: Page, from: string, to: string, port = 'out'): Promise<void> {
  const before = await edges(page).count();
  const start = await center(sourceHandle(page, from, port));
  const end = await center(targetHandle(page, to));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 8 });
  await page.mouse.move(end.x, end.y, { steps: 8 });
  await page.mouse.up();
  await until(`an edge ${from}:${port} → ${to}`, () => edges(page).count(), (n) => n === before + 1, 5_000);
}

/** Clicks a node (selects it and opens the inspector / its step details). */
export async function selectNode(page: Page, id: string): Promise<void> {
  const node = nodeById(page, id);
  const box = await node.boundingBox();
  if (!box) throw new Error(`node ${id} is not rendered`);
  // Click the node's upper part: the middle may hold the badge, the edges hold the handles.
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(14, box.height / 3));
}

export const field = (page: Page, param: string) => page.getByTestId('inspector').locator(`[data-testid="field"][data-param="${param}"]`);

type ControlKind = 'select' | 'checkbox' | 'text' | 'number' | 'editable';

/**
 * The editable element inside (or at) `target`: a select if there is one, else the element marked
 * field-input, else the first input / textarea / contenteditable.
 */
export async function controlIn(target: Locator): Promise<{ control: Locator; kind: ControlKind }> {
  await target.waitFor({ state: 'visible' });
  const selfTag = await target.evaluate((e: BrowserGlobal) => e.tagName.toLowerCase());
  let input: Locator = target;
  if (!['select', 'input', 'textarea'].includes(selfTag)) {
    const select = target.locator('select');
    const marked = target.getByTestId('field-input');
    if (await select.count()) input = select.first();
    else if (await marked.count()) input = marked.first();
    else input = target.locator('input, textarea, [contenteditable="true"], [role="switch"], [role="checkbox"]').first();
  }
  await input.waitFor({ state: 'attached' });
  const kind = await input.evaluate((e: BrowserGlobal) => {
    const tag = e.tagName.toLowerCase();
    if (tag === 'select') return 'select';
    if (tag === 'input' && (e.type === 'checkbox' || e.type === 'radio')) return 'checkbox';
    if (e.getAttribute('role') === 'switch' || e.getAttribute('role') === 'checkbox') return 'checkbox';
    if (tag === 'input' && e.type === 'number') return 'number';
    if (tag === 'input' || tag === 'textarea') return 'text';
    if (e.isContentEditable) return 'editable';
    // A wrapper (e.g. a code editor): the editable element is inside.
    return 'wrapper';
  });
  if (kind === 'wrapper') {
    const inner = input.locator('select, input:not([type="hidden"]), textarea, [contenteditable="true"]').first();
    if (await inner.count()) return await controlIn(inner);
    return { control: input, kind: 'editable' };
  }
  return { control: input, kind: kind as ControlKind };
}

const fieldControl = (page: Page, param: string) => controlIn(field(page, param));

/** Sets a form control: selects an option (by value, else by label), ticks a box, or types text. */
export async function fillControl(target: Locator, value: string | number | boolean): Promise<void> {
  const { control, kind } = await controlIn(target);
  if (kind === 'select') {
    const text = String(value);
    const options = () => control.evaluate((e: BrowserGlobal) => Array.from(e.options as ArrayLike<{ value: string; label: string }>).map((o) => ({ value: o.value, label: o.label.trim() })));
    // Dynamic selects load their options from the connection: wait for the wanted one.
    const found = await until(`an option '${text}' in ${control}`, options, (list) => list.some((o) => o.value === text || o.label === text || o.label.includes(text)), 10_000);
    const option = found.find((o) => o.value === text) ?? found.find((o) => o.label === text) ?? found.find((o) => o.label.includes(text))!;
    await control.selectOption({ value: option.value });
    return;
  }
  if (kind === 'checkbox') {
    const checked = await control.evaluate((e: BrowserGlobal) => (e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.getAttribute('aria-checked') === 'true'));
    if (checked === Boolean(value)) return;
    // A styled switch hides the box under its track: click what the user clicks, the label.
    const label = control.locator('xpath=ancestor::label[1]');
    if (await label.count()) await label.click();
    else await control.click();
    await until(`${control} to be ${value ? 'on' : 'off'}`, () => control.isChecked(), (c) => c === Boolean(value), 3_000);
    return;
  }
  await control.fill(String(value));
}

/** Sets an inspector field (see fillControl). */
export async function setField(page: Page, param: string, value: string | number | boolean): Promise<void> {
  await fillControl(field(page, param), value);
}

/** The current text of a field's input (value for inputs, text for code editors). */
export async function fieldValue(page: Page, param: string): Promise<string> {
  const { control, kind } = await fieldControl(page, param);
  if (kind === 'editable') return (await control.evaluate((e: BrowserGlobal) => ('value' in e ? e.value : e.textContent) ?? '')) as string;
  if (kind === 'checkbox') return String(await control.isChecked());
  return await control.inputValue();
}

/**
 * Types an expression into a field character by character until the autocomplete offers `path`,
 * then picks it with the keyboard (ArrowDown to it, Enter). Returns the field's text afterwards.
 */
export async function typeWithAutocomplete(page: Page, param: string, typed: string, path: string, whileOpen?: () => Promise<unknown>): Promise<string> {
  const { control } = await fieldControl(page, param);
  await control.click();
  await control.fill('');
  await control.pressSequentially(typed, { delay: 20 });
  const popup = page.getByTestId('autocomplete');
  await popup.waitFor({ state: 'visible', timeout: 5_000 });
  const items = popup.getByTestId('autocomplete-item');
  const paths = await until(`the autocomplete to offer ${path}`, () => items.evaluateAll((els) => els.map((e: BrowserGlobal) => e.getAttribute('data-path') as string)), (list) => list.includes(path), 5_000);
  const wanted = items.nth(paths.indexOf(path));
  for (let i = 0; i < paths.length && (await wanted.getAttribute('aria-selected')) !== 'true'; i++) await control.press('ArrowDown');
  if ((await wanted.getAttribute('aria-selected')) !== 'true') throw new Error(`the arrow keys never reached ${path} in the autocomplete`);
  await whileOpen?.();
  await control.press('Enter');
  await until('the autocomplete popup to close', () => popup.count(), (n) => n === 0, 3_000);
  return await fieldValue(page, param);
}

/**
 * Adds one key → value row to a key-value field (kv-add / kv-row with kv-key and kv-value), or a
 * row to a list field (list-add / list-item, first two inputs).
 */
export async function addKeyValue(page: Page, param: string, key: string, value: string): Promise<void> {
  const container = field(page, param);
  const kv = (await container.getByTestId('kv-add').count()) > 0;
  const items = container.getByTestId(kv ? 'kv-row' : 'list-item');
  const before = await items.count();
  await container.getByTestId(kv ? 'kv-add' : 'list-add').click();
  await until(`a new row in ${param}`, () => items.count(), (n) => n === before + 1, 3_000);
  const row = items.nth(before);
  if (kv) {
    await row.getByTestId('kv-key').fill(key);
    await row.getByTestId('kv-value').fill(value);
    return;
  }
  const inputs = row.locator('input:not([type="checkbox"]), textarea, [contenteditable="true"]');
  await inputs.nth(0).fill(key);
  await inputs.nth(1).fill(value);
}

/** Waits until the draft is saved (the toolbar's save status). */
export async function waitSaved(page: Page, timeoutMs = 10_000): Promise<void> {
  await until('the draft to be saved', () => page.getByTestId('save-status').getAttribute('data-state'), (s) => s === 'saved', timeoutMs);
}

export async function nodeStatuses(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(
    await nodes(page).evaluateAll((elements) => elements.map((e: BrowserGlobal) => [e.getAttribute('data-node-id'), e.getAttribute('data-status')])),
  );
}
