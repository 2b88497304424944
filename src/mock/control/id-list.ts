/** `?ids=a,b,c` as a list (its form, at most so many ids, is checked by control-plane.yaml); undefined when absent. */
export function idList(value: unknown): string[] | undefined {
  return typeof value === 'string' ? value.split(',') : undefined;
}
