// Two small buttons at a chart's top right that save it as SVG or PNG (chart-export.ts does the work).
// Placed inside the chart's figure: they find it themselves, its description names the file, and
// they stay disabled until recharts has drawn the chart (charts mount in turns, and measure first).
import { memo, useEffect, useRef, useState } from 'react';
import {
  type ChartFormat,
  captureChart,
  chartFileName,
  chartSurface,
  chartSvgText,
  EXPORT_CONTROL_CLASS,
  svgToPng,
  tabContext,
} from '../chart-export.ts';
import { downloadFile } from '../download.ts';

const FORMATS: readonly ChartFormat[] = ['svg', 'png'];

async function save(figure: HTMLElement, format: ChartFormat): Promise<void> {
  const shot = captureChart(figure);
  if (!shot) throw new Error('the chart is not drawn yet');
  const name = chartFileName(shot.title, tabContext(figure), format);
  const svg = chartSvgText(shot);
  if (format === 'svg') {
    downloadFile(name, svg, 'image/svg+xml');
    return;
  }
  const png = await svgToPng(svg, shot.width, shot.height);
  downloadFile(name, await png.arrayBuffer(), 'image/png');
}

/** `what` names the chart for the buttons' accessible names: "prediction chart". */
export const ChartExport = memo(function ChartExport({ what }: { what: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  // Not a disabled state: disabling the pressed button would take the keyboard's focus off it.
  const busy = useRef(false);
  const [error, setError] = useState<string | null>(null);
  // Enabled once the chart's <svg> is there; watched until then only.
  useEffect(() => {
    const figure = ref.current?.closest('figure');
    if (!figure) return;
    if (chartSurface(figure)) {
      setDrawn(true);
      return;
    }
    const seen = new MutationObserver(() => {
      if (!chartSurface(figure)) return;
      setDrawn(true);
      seen.disconnect();
    });
    seen.observe(figure, { childList: true, subtree: true });
    return () => seen.disconnect();
  }, []);
  const onSave = (format: ChartFormat) => {
    const figure = ref.current?.closest('figure');
    if (!figure || busy.current) return;
    busy.current = true;
    setError(null);
    save(figure, format)
      .catch((e: unknown) =>
        setError(
          `Could not save the ${what} as ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)}.`,
        ),
      )
      .finally(() => {
        busy.current = false;
      });
  };
  return (
    <div ref={ref} className={EXPORT_CONTROL_CLASS}>
      {FORMATS.map((f) => {
        const name = `Download the ${what} as ${f.toUpperCase()}`;
        return (
          <button
            key={f}
            type="button"
            className="chart-export-btn"
            aria-label={name}
            title={name}
            disabled={!drawn}
            onClick={() => onSave(f)}
          >
            {f.toUpperCase()}
          </button>
        );
      })}
      {error && (
        <p className="chart-export-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});
