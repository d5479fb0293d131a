import type { StackProblem } from "./stack-types.js";

/**
 * Collects a conversion's warnings and errors, at most one of each kind per (service, attribute):
 * a service that sets `build` gets one warning however it is built.
 */
export class StackProblems {
  readonly warnings: StackProblem[] = [];
  readonly errors: StackProblem[] = [];
  private readonly seen = new Set<string>();

  /** Records that `attribute` of `service` (or of a top-level object) is ignored, and why. */
  warn(service: string | undefined, attribute: string, message: string): void {
    this.add(this.warnings, "w", service, attribute, message);
  }

  /** Records that `attribute` cannot be deployed as written; the stack must not be deployed. */
  error(service: string | undefined, attribute: string, message: string): void {
    this.add(this.errors, "e", service, attribute, message);
  }

  /**
   * Runs `fn` and returns its value; an exception (a ProjectError from a duration or size parser)
   * becomes an error on `attribute` and the result is undefined.
   */
  attempt<T>(service: string | undefined, attribute: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.error(service, attribute, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  private add(list: StackProblem[], kind: string, service: string | undefined, attribute: string, message: string): void {
    const key = `${kind}\0${service ?? ""}\0${attribute}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(service === undefined ? { attribute, message } : { service, attribute, message });
  }
}
