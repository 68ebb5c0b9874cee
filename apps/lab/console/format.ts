/** Lab minutes since midnight of day 1 → "day 1, 07:40", as the lab itself writes lab times. */
export function labTime(minutes: number): string {
  const whole = Math.floor(minutes);
  const day = Math.floor(whole / 1440) + 1;
  return `day ${day}, ${clockTime(whole)}`;
}

/** "07:40" for any lab minute of any day. */
export function clockTime(minutes: number): string {
  const inDay = ((Math.floor(minutes) % 1440) + 1440) % 1440;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}`;
}
