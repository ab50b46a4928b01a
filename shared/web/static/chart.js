// The hits-per-day chart: inline SVG bars with a title for screen readers, and the same numbers as a hidden table.
import { el, formatCount, svg } from './dom.js';

const WIDTH = 640;
const HEIGHT = 200;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 44 };

/** @typedef {{ day: string, hits: number }} DayHits */

/**
 * Ticks at zero, the maximum and halfway, rounded to whole hits.
 * @param {number} max
 */
function ticks(max) {
  if (max === 0) return [0];
  const half = Math.round(max / 2);
  return half === 0 || half === max ? [0, max] : [0, half, max];
}

/**
 * A bar chart of hits per UTC day. The SVG is one image (role="img") named by its title, which sums it
 * up; each bar carries its day and hits (data-day, data-hits) and a tooltip; a visually hidden table
 * beside it gives every number to screen readers.
 *
 * @example
 * main.append(hitsPerDayChart(report.hitsPerDay, 'api.github.com', 'chart-1'));
 * @param {DayHits[]} days
 * @param {string} hostname
 * @param {string} id a unique prefix for the title and description ids
 */
export function hitsPerDayChart(days, hostname, id) {
  const max = Math.max(0, ...days.map((day) => day.hits));
  const total = days.reduce((sum, day) => sum + day.hits, 0);
  const peak = days.find((day) => day.hits === max);
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, slot * 0.7);
  /** @param {number} hits */
  const y = (hits) => MARGIN.top + plotHeight - (max === 0 ? 0 : (hits / max) * plotHeight);
  const labelEvery = Math.ceil(days.length / 8);

  const title = `Hits per day for ${hostname}, ${first} to ${last}`;
  const description =
    total === 0
      ? `No hits in these ${days.length} days.`
      : `${formatCount(total)} hits in ${days.length} days; the busiest day was ${peak?.day} with ${formatCount(max)}.`;

  const chart = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'data-max': max,
      'data-plot-height': plotHeight,
    },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, description),
    ticks(max).map((tick) =>
      svg(
        'g',
        { class: 'tick', 'aria-hidden': 'true' },
        svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick) }),
        svg('text', { x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatCount(tick)),
      ),
    ),
    days.map((day, index) => {
      const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
      return svg(
        'g',
        { class: 'day' },
        svg(
          'rect',
          {
            class: 'bar',
            x: x.toFixed(2),
            y: y(day.hits).toFixed(2),
            width: barWidth.toFixed(2),
            height: (MARGIN.top + plotHeight - y(day.hits)).toFixed(2),
            'data-day': day.day,
            'data-hits': day.hits,
          },
          svg('title', {}, `${day.day}: ${countOfHits(day.hits)}`),
        ),
        index % labelEvery === 0 || index === days.length - 1
          ? svg(
              'text',
              {
                class: 'day-label',
                x: (x + barWidth / 2).toFixed(2),
                y: HEIGHT - 8,
                'text-anchor': 'middle',
              },
              day.day.slice(5),
            )
          : null,
      );
    }),
  );

  const table = el(
    'table',
    { class: 'visually-hidden' },
    el('caption', {}, title),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Day'), el('th', { scope: 'col' }, 'Hits'))),
    el(
      'tbody',
      {},
      days.map((day) => el('tr', {}, el('th', { scope: 'row' }, day.day), el('td', {}, day.hits))),
    ),
  );
  return el('figure', { class: 'chart-figure' }, chart, table);
}

/** @param {number} hits */
function countOfHits(hits) {
  return `${formatCount(hits)} ${hits === 1 ? 'hit' : 'hits'}`;
}
