import { ComposeError } from "../../spec/errors.js";

/** Why `runDag` did not visit a node. */
export type SkipReason<K> =
  | { readonly kind: "prerequisite-failed"; readonly prerequisite: K }
  | { readonly kind: "stopped" }
  | { readonly kind: "interrupted" };

/** Options of `runDag`. */
export interface DagOptions<K> {
  /** At most this many visits at once (unbounded nodes aside); default unlimited. */
  readonly concurrency?: number;
  /** Once aborted, nothing new is launched; in-flight visits still settle. */
  readonly signal?: AbortSignal;
  /** `stop` (default): a failure stops launching anything; `skip-dependants`: only what depends on it is skipped. */
  readonly onFailure?: "stop" | "skip-dependants";
  /** Nodes that do not take a concurrency slot (e.g. waits, which only listen). */
  readonly unbounded?: (node: K) => boolean;
  /** Told about every node that will not be visited, once, as soon as that is known. */
  readonly onSkip?: (node: K, reason: SkipReason<K>) => void;
}

/** What happened to every node of a `runDag` run; each node is in exactly one list. */
export interface DagOutcome<K> {
  readonly completed: K[];
  readonly failed: { readonly node: K; readonly error: unknown }[];
  readonly skipped: K[];
  readonly interrupted: boolean;
}

/**
 * The one dependency walker: visits each node as soon as all of its prerequisites completed,
 * independent nodes in parallel, and resolves (never rejects) once nothing is running and
 * nothing more can start. Throws at once, visiting nothing, when a prerequisite is unknown or
 * the edges form a cycle.
 */
export function runDag<K>(
  nodes: readonly K[],
  prerequisites: (node: K) => Iterable<K>,
  visit: (node: K) => Promise<void>,
  options: DagOptions<K> = {},
): Promise<DagOutcome<K>> {
  const prereqs = new Map(nodes.map((n) => [n, [...new Set(prerequisites(n))]] as const));
  for (const [node, list] of prereqs) {
    const unknown = list.find((p) => !prereqs.has(p));
    if (unknown !== undefined) throw new ComposeError("E_GRAPH_UNKNOWN_NODE", `${String(node)} waits for ${String(unknown)}, which is not part of the graph`);
  }
  const cycle = findCycle(nodes, (n) => prereqs.get(n) ?? []);
  if (cycle) throw new ComposeError("E_GRAPH_CYCLE", `dependency cycle: ${cycle.map(String).join(" -> ")}`);
  return new DagRun(nodes, prereqs, visit, options).run();
}

type NodeState = "waiting" | "ready" | "running" | "completed" | "failed" | "skipped";

class DagRun<K> {
  private readonly state = new Map<K, NodeState>();
  private readonly remaining = new Map<K, number>();
  private readonly dependants = new Map<K, K[]>();
  private readonly order = new Map<K, number>();
  private readonly ready: K[] = [];
  private readonly outcome: DagOutcome<K> = { completed: [], failed: [], skipped: [], interrupted: false };
  private bounded = 0;
  private running = 0;
  private stopped = false;
  private finished = false;
  private finish: (outcome: DagOutcome<K>) => void = () => undefined;
  private readonly onAbort = () => this.interrupt();

  constructor(
    private readonly nodes: readonly K[],
    prereqs: ReadonlyMap<K, readonly K[]>,
    private readonly visit: (node: K) => Promise<void>,
    private readonly options: DagOptions<K>,
  ) {
    nodes.forEach((n, i) => {
      this.order.set(n, i);
      this.dependants.set(n, []);
    });
    for (const n of nodes) {
      const list = prereqs.get(n) ?? [];
      this.remaining.set(n, list.length);
      for (const p of list) this.dependants.get(p)?.push(n);
      this.state.set(n, list.length === 0 ? "ready" : "waiting");
      if (list.length === 0) this.ready.push(n);
    }
  }

  run(): Promise<DagOutcome<K>> {
    return new Promise((resolve) => {
      this.finish = resolve;
      const signal = this.options.signal;
      if (signal?.aborted) this.interrupt();
      else signal?.addEventListener("abort", this.onAbort, { once: true });
      this.pump();
    });
  }

  private interrupt(): void {
    if (this.finished || this.outcome.interrupted) return;
    this.stopped = true;
    (this.outcome as { interrupted: boolean }).interrupted = true;
    this.settleIfIdle();
  }

  private limitReached(node: K): boolean {
    const limit = this.options.concurrency;
    if (limit === undefined || limit <= 0 || this.options.unbounded?.(node)) return false;
    return this.bounded >= limit;
  }

  private pump(): void {
    for (let i = 0; i < this.ready.length && !this.stopped; ) {
      const node = this.ready[i] as K;
      if (this.limitReached(node)) {
        i++;
        continue;
      }
      this.ready.splice(i, 1);
      this.launch(node);
    }
    this.settleIfIdle();
  }

  private launch(node: K): void {
    const counts = !this.options.unbounded?.(node);
    this.state.set(node, "running");
    this.running++;
    if (counts) this.bounded++;
    let promise: Promise<void>;
    try {
      promise = this.visit(node);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      () => this.settle(node, counts),
      (error: unknown) => this.settle(node, counts, { error }),
    );
  }

  private settle(node: K, counts: boolean, failure?: { error: unknown }): void {
    this.running--;
    if (counts) this.bounded--;
    if (failure) {
      this.state.set(node, "failed");
      this.outcome.failed.push({ node, error: failure.error });
      if ((this.options.onFailure ?? "stop") === "stop") this.stopped = true;
      else this.skipDependants(node, node);
    } else {
      this.state.set(node, "completed");
      this.outcome.completed.push(node);
      for (const d of this.dependants.get(node) ?? []) {
        const left = (this.remaining.get(d) ?? 1) - 1;
        this.remaining.set(d, left);
        if (left === 0 && this.state.get(d) === "waiting") this.enqueue(d);
      }
    }
    this.pump();
  }

  private enqueue(node: K): void {
    this.state.set(node, "ready");
    const rank = this.order.get(node) ?? 0;
    const at = this.ready.findIndex((r) => (this.order.get(r) ?? 0) > rank);
    if (at === -1) this.ready.push(node);
    else this.ready.splice(at, 0, node);
  }

  private skipDependants(node: K, prerequisite: K): void {
    for (const d of this.dependants.get(node) ?? []) {
      if (this.state.get(d) !== "waiting") continue;
      this.skip(d, { kind: "prerequisite-failed", prerequisite });
      this.skipDependants(d, prerequisite);
    }
  }

  private skip(node: K, reason: SkipReason<K>): void {
    this.state.set(node, "skipped");
    this.outcome.skipped.push(node);
    this.options.onSkip?.(node, reason);
  }

  private settleIfIdle(): void {
    if (this.finished || this.running > 0 || (!this.stopped && this.ready.length > 0)) return;
    this.finished = true;
    this.options.signal?.removeEventListener("abort", this.onAbort);
    const reason: SkipReason<K> = this.outcome.interrupted ? { kind: "interrupted" } : { kind: "stopped" };
    for (const n of this.nodes) {
      const s = this.state.get(n);
      if (s === "waiting" || s === "ready") this.skip(n, reason);
    }
    this.ready.length = 0;
    this.finish(this.outcome);
  }
}

/**
 * A cycle among `nodes` following `next`, as a path that starts and ends on the same node
 * (`a, b, a`), or undefined when there is none.
 */
export function findCycle<K>(nodes: readonly K[], next: (node: K) => Iterable<K>): K[] | undefined {
  const state = new Map<K, "visiting" | "done">();
  const stack: K[] = [];
  const visit = (node: K): K[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "visiting");
    stack.push(node);
    for (const n of next(node)) {
      const found = visit(n);
      if (found) return found;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const n of nodes) {
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}
