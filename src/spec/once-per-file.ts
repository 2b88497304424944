/**
 * Reads a file into a value once per process: the first call per path reads, later calls (a
 * second mock started in the same process, the routes that need the same spec) get the same
 * value. Every caller shares it, so nobody may change it.
 */
export function oncePerFile<T>(read: (file: string) => T): (file: string) => T {
  const values = new Map<string, T>();
  return (file) => {
    let value = values.get(file);
    if (value === undefined) {
      value = read(file);
      values.set(file, value);
    }
    return value;
  };
}
