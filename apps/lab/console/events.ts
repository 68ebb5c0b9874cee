import { useEffect, useRef } from 'preact/hooks';
import type { LabEvent } from './types';

// One WebSocket for the whole page, reconnected with a growing pause when the lab restarts.
type Listener = (event: LabEvent) => void;
const listeners = new Set<Listener>();
let socket: WebSocket | undefined;
let retryMs = 500;

export function connectEvents(): void {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/console/events`);
  socket.onopen = () => (retryMs = 500);
  socket.onmessage = (message) => {
    let event: LabEvent;
    try {
      event = JSON.parse(String(message.data)) as LabEvent;
    } catch {
      return;
    }
    for (const listener of listeners) listener(event);
  };
  socket.onclose = () => {
    socket = undefined;
    setTimeout(connectEvents, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };
}

/** Calls `handler` for every event the lab pushes while the component is mounted. */
export function useLabEvents(handler: Listener): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener: Listener = (event) => latest.current(event);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
}
