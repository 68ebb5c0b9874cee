import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { clockTime, labTime } from './format';
import type { Timeline, TimelinePlace } from './types';

// Colours with at least 4.5:1 against white, one per network lane.
const COLOURS = ['#0b5cad', '#a4262c', '#0f6b3a', '#8a4b00', '#6b2fa3', '#005f73', '#7a3e48'];

/** "Northwind Broadband, Lakeside (home?)": who runs the network and where, and the guess it carries. */
function laneLabel(timeline: Timeline, network: string): string {
  const lane = timeline.lanes.find((l) => l.network === network);
  const name = lane?.isp ? `${lane.isp}${lane.city ? `, ${lane.city}` : ''}` : network;
  const guesses = timeline.guesses ?? {};
  const tags = [
    guesses.home?.network === network ? 'home' : '',
    guesses.work?.network === network ? 'work' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return tags ? `${name} (${tags}?)` : name;
}

function describePlace(timeline: Timeline, place: TimelinePlace): string {
  const lane = timeline.lanes.find((l) => l.network === place.network);
  const where = lane?.isp ? `on ${lane.isp}` : `on ${place.network}`;
  return `${where}${place.address ? ` (${place.address})` : ''}${place.city ? ` in ${place.city}` : ''}`;
}

/**
 * The movement timeline over the lab day: one lane per network, a mark per sighting, the home and
 * work guesses named on their lanes. The table below it says the same for screen readers.
 */
export function MovementTimeline({ timeline }: { timeline: Timeline }) {
  const box = useRef<HTMLDivElement>(null);
  const lanes = timeline.lanes.length
    ? timeline.lanes.map((l) => l.network)
    : [...new Set(timeline.sightings.map((s) => s.network))];
  // The same address seen twice in the same lab minute (a presence change and its echo) is one sighting.
  const sightings = [...timeline.sightings]
    .sort((a, b) => a.labMinutes - b.labMinutes)
    .filter(
      (s, i, all) =>
        i === 0 ||
        Math.floor(all[i - 1].labMinutes) !== Math.floor(s.labMinutes) ||
        all[i - 1].address !== s.address,
    );
  const labels = lanes.map((network) => laneLabel(timeline, network));

  useEffect(() => {
    const el = box.current;
    if (!el || !sightings.length) return;
    // The lab day the sightings start in, midnight to midnight.
    const dayStart = Math.floor(sightings[0].labMinutes / 1440) * 1440;
    const dayEnd = Math.max(dayStart + 1440, Math.ceil(sightings[sightings.length - 1].labMinutes / 60) * 60);
    const xs = sightings.map((s) => s.labMinutes);
    const series = lanes.map((network, lane) => sightings.map((s) => (s.network === network ? lane : null)));
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 80 + 44 * lanes.length,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [dayStart, dayEnd] },
          y: { range: [-0.6, lanes.length - 0.4] },
        },
        axes: [
          {
            stroke: '#1f2328',
            grid: { stroke: '#e6e8eb' },
            incrs: [60, 120, 180, 360],
            values: (_u, splits) => splits.map((m) => clockTime(m)),
          },
          {
            stroke: '#1f2328',
            // Room for the longest lane name (uPlot draws on a canvas: it does not wrap).
            size: Math.min(340, 24 + 6.6 * Math.max(...labels.map((l) => l.length))),
            grid: { stroke: '#e6e8eb' },
            splits: () => lanes.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          },
        ],
        // Each stay as a bar along its network's lane, over the grid and under the marks: where the target was in between.
        hooks: {
          drawAxes: [
            (u) => {
              const laneOf = new Map(sightings.map((s) => [s.address, lanes.indexOf(s.network)]));
              u.ctx.save();
              u.ctx.globalAlpha = 0.45;
              u.ctx.lineWidth = 6 * devicePixelRatio;
              for (const stay of timeline.stays ?? []) {
                const lane = laneOf.get(stay.address);
                if (lane === undefined || lane < 0) continue;
                const y = u.valToPos(lane, 'y', true);
                u.ctx.strokeStyle = COLOURS[lane % COLOURS.length];
                u.ctx.beginPath();
                u.ctx.moveTo(u.valToPos(Math.max(stay.fromLab, dayStart), 'x', true), y);
                u.ctx.lineTo(u.valToPos(Math.min(stay.toLab, dayEnd), 'x', true), y);
                u.ctx.stroke();
              }
              u.ctx.restore();
            },
          ],
        },
        series: [
          {},
          ...lanes.map((network, i) => ({
            label: network,
            stroke: COLOURS[i % COLOURS.length],
            fill: COLOURS[i % COLOURS.length],
            paths: () => null,
            points: { show: true, size: 11, fill: COLOURS[i % COLOURS.length] },
          })),
        ],
      },
      [xs, ...series],
      el,
    );
    return () => plot.destroy();
  }, [timeline]);

  const { home, work } = timeline.guesses ?? {};
  return (
    <figure class="timeline" data-testid="timeline">
      <figcaption>
        Where the target was seen over the lab day: one lane per network, one mark per sighting.
        {home ? ` Home is probably ${describePlace(timeline, home)}.` : ''}
        {work ? ` Work is probably ${describePlace(timeline, work)}.` : ''}
      </figcaption>
      <div
        ref={box}
        class="timeline-chart"
        role="img"
        aria-label="Movement timeline chart; the table below lists the same sightings."
      />
      <details open>
        <summary>The sightings as a table</summary>
        <table class="data">
          <caption class="visually-hidden">Sightings on the timeline</caption>
          <thead>
            <tr>
              <th scope="col">Lab time</th>
              <th scope="col">Network</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {sightings.map((s, i) => (
              <tr key={i}>
                <td class="nowrap">{labTime(s.labMinutes)}</td>
                <td>{laneLabel(timeline, s.network)}</td>
                <td>{s.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
