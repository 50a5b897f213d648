/**
 * JSON text the way session-storage-server writes it: nlohmann::json objects are std::maps, so
 * every object's keys come out in ascending byte order (JSON.stringify would keep insertion order
 * and put integer-like keys such as namespace numbers first).
 */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((x) => sortedJson(x ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
