// A chart saved as a file: its name, and the standalone SVG document written from what the page shows.
// (The capture from the page and the PNG need a browser: e2e/run.mjs checks them on a trained chart.)
import { describe, expect, it } from 'vitest';
import {
  attributeValue,
  type ChartSnapshot,
  chartFileName,
  chartSvgText,
  escapeXml,
  slugify,
  stylesFor,
} from '../src/ui/chart-export.ts';

/**
 * The element names of an XML text, checked to open and close in order (no DOM parser in Node): throws
 * on a stray or mismatched tag, returns the names of the elements in document order.
 */
function elements(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const names: string[] = [];
  const open: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else {
      names.push(name);
      if (!selfClosing) open.push(name);
    }
  }
  if (open.length > 0) throw new Error(`unclosed: ${open.join(', ')}`);
  // Any '<' left over is markup the pattern did not accept (a bad attribute, an unescaped '<').
  const rest = body.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '');
  if (rest.includes('<'))
    throw new Error(`stray markup: ${rest.slice(rest.indexOf('<'), rest.indexOf('<') + 40)}`);
  return names;
}

describe('chart file names', () => {
  it('folds a description into a safe slug', () => {
    expect(slugify('Predicted and true CO₂ concentration')).toBe('predicted-and-true-co2-concentration');
    expect(slugify('Température à Zürich (°C)')).toBe('temperature-a-zurich-c');
    expect(slugify('  ../../etc/passwd  ')).toBe('etc-passwd');
    expect(slugify('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(slugify('≈≈≈')).toBe('');
  });

  it('cuts a long description at a word, within the limit', () => {
    const long = slugify('word '.repeat(40), 30);
    expect(long.length).toBeLessThanOrEqual(30);
    expect(long).toMatch(/^(word-)*word$/);
    // One long word has no hyphen to cut at: cut inside it.
    expect(slugify('x'.repeat(100), 30)).toBe('x'.repeat(30));
  });

  it('adds the tabs the chart sits in, unless the description says them already', () => {
    expect(chartFileName('Predicted and true CO₂ concentration', ['Validation'], 'svg')).toBe(
      'predicted-and-true-co2-concentration-validation.svg',
    );
    // The target's tab repeats the description's target: said once.
    expect(chartFileName('Predicted and true temp', ['Test', 'temp'], 'png')).toBe(
      'predicted-and-true-temp-test.png',
    );
    // A whole word only: "test" is not taken as said by "testing".
    expect(chartFileName('Loss while testing', ['Test'], 'svg')).toBe('loss-while-testing-test.svg');
    expect(chartFileName('', [], 'png')).toBe('chart.png');
    expect(chartFileName('∑', ['∆'], 'svg')).toBe('chart.svg');
  });
});

describe('computed styles as SVG attributes', () => {
  it('writes paint and stroke on shapes, fonts on text, nothing on groups', () => {
    expect(stylesFor('path')).toContain('stroke-dasharray');
    expect(stylesFor('LINE')).toContain('stroke');
    expect(stylesFor('text')).toContain('font-family');
    expect(stylesFor('tspan')).toContain('font-size');
    expect(stylesFor('text')).not.toContain('stroke-dasharray');
    expect(stylesFor('g')).toEqual([]);
    expect(stylesFor('svg')).toEqual([]);
  });

  it('drops px units and defaults that need no attribute', () => {
    expect(attributeValue('stroke-width', '1.5px')).toBe('1.5');
    expect(attributeValue('font-size', '12px')).toBe('12');
    expect(attributeValue('stroke-dasharray', '5px, 3px')).toBe('5 3');
    expect(attributeValue('stroke-dasharray', 'none')).toBeNull();
    expect(attributeValue('opacity', '1')).toBeNull();
    expect(attributeValue('fill-opacity', '0.12')).toBe('0.12');
    expect(attributeValue('font-style', 'normal')).toBeNull();
    expect(attributeValue('fill', 'rgb(17, 24, 39)')).toBe('rgb(17, 24, 39)');
    expect(attributeValue('fill', '')).toBeNull();
  });
});

describe('the SVG document', () => {
  const shot: ChartSnapshot = {
    width: 320.4,
    height: 240,
    title: 'Predicted & true <CO₂> “ppm”',
    fontFamily: 'system-ui, "DejaVu Sans", sans-serif',
    parts: [
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="10" x="40" y="9"><line x1="0" y1="5" x2="16" y2="5" stroke="#111827"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" class="recharts-surface" width="320" height="212" x="0" y="28"><path class="recharts-curve" d="M0,0L10,10" stroke="#f97316"/></svg>',
    ],
    texts: [
      {
        text: 'CO₂ (true) & <more>',
        x: 60,
        y: 14,
        fill: 'rgb(17, 24, 39)',
        fontFamily: 'system-ui, "DejaVu Sans", sans-serif',
        fontSize: '12px',
        fontWeight: '400',
      },
    ],
  };
  const text = chartSvgText(shot);

  it('is well-formed: a title, a white background, the chart, then the legend words', () => {
    expect(
      text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    expect(elements(text)).toEqual(['svg', 'title', 'rect', 'svg', 'line', 'svg', 'path', 'text']);
  });

  it('sizes itself to the chart and escapes what the page wrote', () => {
    expect(text).toContain('width="320.4" height="240" viewBox="0 0 320.4 240"');
    expect(text).toContain('<title>Predicted &amp; true &lt;CO₂&gt; “ppm”</title>');
    expect(text).toContain('<rect x="0" y="0" width="320.4" height="240" fill="#ffffff"/>');
    expect(text).toContain('font-family="system-ui, &quot;DejaVu Sans&quot;, sans-serif"');
    expect(text).toContain('font-size="12"');
    expect(text).toContain('>CO₂ (true) &amp; &lt;more&gt;</text>');
    expect(text).toContain('x="60" y="14" dominant-baseline="central" fill="rgb(17, 24, 39)"');
    expect(escapeXml(`a'b"c`)).toBe('a&apos;b&quot;c');
  });

  it('rejects what is not well-formed (the checker above can fail)', () => {
    expect(() => elements('<svg><g></svg></g>')).toThrow();
    expect(() => elements('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => elements('<svg>')).toThrow();
  });
});
