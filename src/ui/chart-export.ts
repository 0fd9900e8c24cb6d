// A chart on the page saved as a file of its own (SVG, or PNG at twice its size) that looks as it does on
// screen. The page draws a chart from two sources: recharts' <svg>, styled partly by the page's CSS, and
// an HTML legend above it (ChartLegend, or recharts' own <Legend>). A file opened on its own has neither
// the CSS nor the HTML, so the capture writes the computed styles that matter into the SVG's attributes
// and draws the legend's icons and words into it at the places they take on screen.
// The pure parts (names, the document's text, attribute values) are exported for the unit tests; the
// capture and the PNG need a browser and run only when a button is pressed.

export type ChartFormat = 'svg' | 'png';

/** The PNG's pixels per CSS pixel of the chart: sharp on high-density screens and in print. */
export const PNG_SCALE = 2;

const SVG_NS = 'http://www.w3.org/2000/svg';
/** At most this many characters of a file name come from the chart's description. */
const MAX_NAME = 80;

/**
 * Words made safe for a file name on every system: lower case, accents and sub/superscripts folded
 * (CO₂ → co2), every run of other characters one hyphen, none at either end; cut at a hyphen near
 * `max` characters.
 */
export function slugify(text: string, max = MAX_NAME): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const end = cut.lastIndexOf('-');
  return (end > max / 2 ? cut.slice(0, end) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * The file a chart is saved as: its description (the chart's aria-label), then what the page around it
 * picked (the data split's tab, say) where the description does not say it already.
 * "Predicted and true CO₂", ["Validation"] → predicted-and-true-co2-validation.svg.
 */
export function chartFileName(label: string, context: readonly string[], format: ChartFormat): string {
  const parts = [slugify(label)];
  for (const c of context) {
    const s = slugify(c, 40);
    if (s && !`-${parts.join('-')}-`.includes(`-${s}-`)) parts.push(s);
  }
  const base = slugify(parts.filter(Boolean).join('-'), MAX_NAME + 40) || 'chart';
  return `${base}.${format}`;
}

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Computed styles written onto the shapes and words of the chart, as presentation attributes. */
const SHAPE_STYLES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
] as const;
const TEXT_STYLES = ['fill', 'font-family', 'font-size', 'font-weight', 'font-style', 'opacity'] as const;
const SHAPES = new Set(['path', 'line', 'rect', 'circle', 'ellipse', 'polyline', 'polygon']);
const TEXTS = new Set(['text', 'tspan']);

/** The properties whose computed values an element of this tag gets as attributes (none: leave it). */
export function stylesFor(tag: string): readonly string[] {
  const t = tag.toLowerCase();
  if (SHAPES.has(t)) return SHAPE_STYLES;
  if (TEXTS.has(t)) return TEXT_STYLES;
  return [];
}

/**
 * A computed style as an SVG 1.1 presentation attribute: lengths in px lose their unit (strict readers
 * reject `2px` in stroke-width and stroke-dasharray), a dash list is written with spaces; null when
 * the value is the default and needs no attribute.
 */
export function attributeValue(prop: string, computed: string): string | null {
  const v = computed.trim();
  if (v === '') return null;
  if (prop === 'stroke-dasharray') {
    if (v === 'none') return null;
    return v
      .split(/[\s,]+/)
      .map((d) => d.replace(/px$/, ''))
      .join(' ');
  }
  if (prop === 'opacity' || prop === 'fill-opacity' || prop === 'stroke-opacity') return v === '1' ? null : v;
  if (prop === 'font-style') return v === 'normal' ? null : v;
  if (prop === 'stroke-width' || prop === 'font-size') return v.replace(/px$/, '');
  return v;
}

/** A word of the legend (or another HTML label), placed where it is on screen. */
export interface TextMark {
  text: string;
  /** Left end of the text and its vertical centre, in px from the chart's top left corner. */
  x: number;
  y: number;
  fill: string;
  fontFamily: string;
  fontSize: string;
  fontWeight: string;
}

/** What one chart looks like, gathered from the page: what chartSvgText writes into the file. */
export interface ChartSnapshot {
  width: number;
  height: number;
  /** The chart's description (its aria-label): the SVG's <title>. */
  title: string;
  /** The page's font, for anything that does not set its own. */
  fontFamily: string;
  /** The chart's own SVG elements (recharts' surface, the legend's icons), serialized, each placed. */
  parts: string[];
  texts: TextMark[];
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** The standalone SVG document of a chart: its title, a white background, its parts and its words. */
export function chartSvgText(s: ChartSnapshot): string {
  const w = num(s.width);
  const h = num(s.height);
  const texts = s.texts.map(
    (t) =>
      `<text x="${num(t.x)}" y="${num(t.y)}" dominant-baseline="central" fill="${escapeXml(t.fill)}"` +
      ` font-family="${escapeXml(t.fontFamily)}" font-size="${escapeXml(attributeValue('font-size', t.fontSize) ?? '12')}"` +
      ` font-weight="${escapeXml(t.fontWeight)}">${escapeXml(t.text)}</text>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(s.fontFamily)}">`,
    `<title>${escapeXml(s.title)}</title>`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    ...s.parts,
    ...texts,
    '</svg>',
    '',
  ].join('\n');
}

// ---- In the browser -------------------------------------------------------------------------------

/** Elements of recharts that only show while the pointer is over the chart. */
const TRANSIENT = '.recharts-tooltip-cursor, .recharts-active-dot, .recharts-reference-area';
/** HTML whose words are part of the picture: the legends (ours and recharts'), the empty chart's note. */
const HTML_TEXT = '.chart-legend, .recharts-legend-wrapper, .chart-overlay';
/** The export control itself, inside the figure, is not part of the picture. */
export const EXPORT_CONTROL_CLASS = 'chart-export';

/** The chart's drawing: recharts' surface (legend icons are recharts-surfaces too, not in the wrapper). */
export function chartSurface(figure: Element): SVGSVGElement | null {
  return figure.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
}

/** The names of the tabs whose panels hold the chart, outermost first (the data split, the target). */
export function tabContext(figure: Element): string[] {
  const names: string[] = [];
  for (
    let el = figure.closest('[role="tabpanel"]');
    el;
    el = el.parentElement?.closest('[role="tabpanel"]') ?? null
  ) {
    const tab = el.getAttribute('aria-labelledby');
    const text = tab ? document.getElementById(tab)?.textContent?.trim() : '';
    if (text) names.unshift(text);
  }
  return names;
}

/** A copy of an <svg> of the page with the computed styles that matter written into its attributes. */
function inlinedCopy(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  const drop: Element[] = [];
  from.forEach((el, i) => {
    const out = to[i];
    const css = getComputedStyle(el);
    if (css.display === 'none' || css.visibility === 'hidden' || el.matches(TRANSIENT)) {
      drop.push(out);
      return;
    }
    for (const prop of stylesFor(el.tagName)) {
      const v = attributeValue(prop, css.getPropertyValue(prop));
      if (v !== null) out.setAttribute(prop, v);
    }
  });
  for (const el of drop) el.remove();
  // recharts writes an empty <title> and <desc> into its surface: the file's own title is the one to read.
  for (const el of copy.querySelectorAll(':scope > title, :scope > desc')) if (!el.textContent) el.remove();
  return copy;
}

/** An <svg> of the page, serialized and placed at its place in the figure (`origin`: the figure's box). */
function placedSvg(svg: SVGSVGElement, origin: DOMRect): string {
  const box = svg.getBoundingClientRect();
  const copy = inlinedCopy(svg);
  copy.removeAttribute('style');
  copy.removeAttribute('tabindex');
  copy.removeAttribute('role');
  copy.removeAttribute('aria-hidden');
  copy.removeAttribute('focusable');
  copy.setAttribute('x', num(box.left - origin.left));
  copy.setAttribute('y', num(box.top - origin.top));
  copy.setAttribute('width', num(box.width));
  copy.setAttribute('height', num(box.height));
  copy.setAttribute('overflow', 'visible');
  return new XMLSerializer().serializeToString(copy);
}

/** The visible words of the figure's legends, each where it is drawn on screen. */
function htmlTexts(figure: Element, origin: DOMRect): TextMark[] {
  const marks: TextMark[] = [];
  const range = document.createRange();
  for (const root of figure.querySelectorAll(HTML_TEXT)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('svg')) continue;
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const css = getComputedStyle(parent);
      marks.push({
        text,
        x: r.left - origin.left,
        y: r.top + r.height / 2 - origin.top,
        fill: css.color,
        fontFamily: css.fontFamily,
        fontSize: css.fontSize,
        fontWeight: css.fontWeight,
      });
    }
  }
  return marks;
}

/** Everything the file needs from a chart on the page; null while recharts has not drawn it yet. */
export function captureChart(figure: HTMLElement): ChartSnapshot | null {
  if (!chartSurface(figure)) return null;
  const box = figure.getBoundingClientRect();
  const svgs = [...figure.querySelectorAll<SVGSVGElement>('svg')].filter(
    (s) => !s.parentElement?.closest('svg') && !s.closest(`.${EXPORT_CONTROL_CLASS}`),
  );
  // From the highest thing drawn to the lowest, the figure's whole width: on a narrow page the buttons
  // take a row above the legend, and a figure may be taller than its chart (a minimum height).
  const drawn = [...svgs, ...figure.querySelectorAll(HTML_TEXT)].map((el) => el.getBoundingClientRect());
  const top = Math.min(...drawn.map((r) => r.top));
  const bottom = Math.max(...drawn.map((r) => r.bottom));
  const origin = new DOMRect(box.left, top, box.width, bottom - top);
  return {
    width: Math.round(box.width),
    height: Math.ceil(bottom - top),
    title: figure.getAttribute('aria-label') ?? '',
    fontFamily: getComputedStyle(figure).fontFamily,
    parts: svgs.map((s) => placedSvg(s, origin)),
    texts: htmlTexts(figure, origin),
  };
}

/** An SVG document drawn into a canvas `scale` times its size, on white, as PNG bytes. */
export async function svgToPng(svg: string, width: number, height: number, scale = PNG_SCALE): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('the browser gave no 2D canvas to draw it in');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('the browser could not encode the canvas as PNG'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
