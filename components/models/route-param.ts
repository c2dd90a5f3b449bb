/** A dynamic route segment as text; a malformed %-escape is kept as typed rather than thrown. */
export function routeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
