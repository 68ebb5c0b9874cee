import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { clockTime, labTime } from './format';
import type { Timeline } from './types';

// Colours with at least 4.5:1 against white, one per network lane.
const COLOURS = ['#0b5cad', '#a4262c', '#0f6b3a', '#8a4b00', '#6b2fa3', '#005f73', '#7a3e48'];

function laneLabel(timeline: Timeline, network: string): string {
  const guesses = timeline.guesses ?? {};
  const tags = [
    guesses.home?.network === network ? 'home' : '',
    guesses.work?.network === network ? 'work' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return tags ? `${network} (${tags}?)` : network;
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
  const sightings = [...timeline.sightings].sort((a, b) => a.labMinutes - b.labMinutes);

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
            size: 190,
            grid: { stroke: '#e6e8eb' },
            splits: () => lanes.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => laneLabel(timeline, lanes[i] ?? '')),
          },
        ],
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
        {home ? ` Home is probably ${home.network}${home.city ? ` in ${home.city}` : ''}.` : ''}
        {work ? ` Work is probably ${work.network}${work.city ? ` in ${work.city}` : ''}.` : ''}
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
                <td>{labTime(s.labMinutes)}</td>
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
