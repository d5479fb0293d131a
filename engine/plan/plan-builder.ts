import type { Operation, Plan } from "./operations.js";

type NewOp = Operation extends infer O ? (O extends Operation ? Omit<O, "after"> & { after?: readonly string[] } : never) : never;

/**
 * Accumulates operations for a plan, keeping ids unique and dropping `after` edges to
 * operations that are not in the plan (a dependency that needs no work is already satisfied).
 */
export class PlanBuilder {
  private readonly ops = new Map<string, Operation>();

  /** Adds an operation (its id must be new) and returns its id. */
  add(op: NewOp): string {
    if (this.ops.has(op.id)) throw new Error(`duplicate plan operation ${op.id}`);
    this.ops.set(op.id, { ...op, after: op.after ?? [] } as Operation);
    return op.id;
  }

  /** Adds `ids` to the prerequisites of operation `id`. */
  addAfter(id: string, ids: readonly string[]): void {
    const op = this.ops.get(id);
    if (!op) return;
    this.ops.set(id, { ...op, after: [...new Set([...op.after, ...ids])] } as Operation);
  }

  has(id: string): boolean {
    return this.ops.has(id);
  }

  /** The operation with this id, if added. */
  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  /** The plan, in insertion order, with edges to absent operations removed. */
  build(): Plan {
    const operations = [...this.ops.values()].map((op) => ({ ...op, after: op.after.filter((a) => this.ops.has(a)) }) as Operation);
    return { operations };
  }
}
