// autocannon ships no type declarations; the harness uses only this much of it.
declare module 'autocannon' {
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
  }
  function autocannon(
    options: Record<string, unknown>,
    callback: (err: Error | null, result: Result) => void,
  ): {
    on(event: string, listener: (...args: never[]) => void): void;
    stop(): void;
  };
  export default autocannon;
}
